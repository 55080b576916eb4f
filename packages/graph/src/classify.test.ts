import { classifyGraphError, DEFAULT_THROTTLE_WAIT_MS, parseRetryAfter } from './classify';
import {
  DeltaTokenExpired,
  GraphNetworkError,
  GraphRequestError,
  TokenAcquisitionError,
  UntrustedLinkError,
} from './graph-errors';

describe('classifyGraphError', () => {
  it('S7.3 throttling keeps the Retry-After wait, in seconds or as an HTTP date', () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(parseRetryAfter('12')).toBe(12_000);
    expect(parseRetryAfter('Tue, 01 Jan 2030 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(
      classifyGraphError(new GraphRequestError(429, 'TooManyRequests', 'slow down', { 'retry-after': '4' })),
    ).toMatchObject({ kind: 'throttled', retryAfterMs: 4_000 });
    expect(classifyGraphError(new GraphRequestError(429, 'TooManyRequests', 'slow down'))).toMatchObject({
      kind: 'throttled',
      retryAfterMs: DEFAULT_THROTTLE_WAIT_MS,
    });
  });

  it.each([
    [500, 'transient'],
    [503, 'transient'],
    [504, 'transient'],
    [408, 'transient'],
    [401, 'auth'],
    [403, 'auth'],
    [404, 'not-found'],
    [400, 'permanent'],
    [409, 'permanent'],
    [410, 'permanent'],
  ] as const)('S7.3 HTTP %i is %s', (status, kind) => {
    expect(classifyGraphError(new GraphRequestError(status, 'code', 'message')).kind).toBe(kind);
  });

  it('S7.3 token failures: Entra rejections are auth, outages and network errors transient', () => {
    expect(
      classifyGraphError(new TokenAcquisitionError('bad secret', 401, [7000215], 'invalid_client', false)),
    ).toMatchObject({ kind: 'auth', code: 'AADSTS7000215' });
    expect(
      classifyGraphError(new TokenAcquisitionError('busy', 503, [], 'temporarily_unavailable', false)),
    ).toMatchObject({ kind: 'transient' });
    expect(classifyGraphError(new TokenAcquisitionError('refused', null, [], null, true))).toMatchObject({
      kind: 'transient',
    });
    expect(classifyGraphError(new TokenAcquisitionError('slow down', 429, [], null, false))).toMatchObject({
      kind: 'throttled',
    });
  });

  it('network failures are transient; expired delta tokens, foreign links and programming errors permanent', () => {
    expect(classifyGraphError(new GraphNetworkError('ECONNRESET')).kind).toBe('transient');
    expect(
      classifyGraphError(Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } })).kind,
    ).toBe('transient');
    expect(classifyGraphError(new DeltaTokenExpired('users', 410, 'resyncRequired'))).toMatchObject({
      kind: 'permanent',
      code: 'resyncRequired',
    });
    expect(
      classifyGraphError(
        new UntrustedLinkError('https://evil.example/v1.0/users', 'https://graph.microsoft.com'),
      ).kind,
    ).toBe('permanent');
    expect(classifyGraphError(new TypeError('x is undefined')).kind).toBe('permanent');
  });
});

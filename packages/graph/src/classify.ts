import {
  DeltaTokenExpired,
  GraphNetworkError,
  GraphRequestError,
  TokenAcquisitionError,
  UntrustedLinkError,
} from './graph-errors';

/** What the caller (BullMQ) needs to decide: wait and retry, retry with backoff, mark the connection failing, or give up. */
export type GraphFailure =
  | { kind: 'throttled'; retryAfterMs: number; status: number; code: string; message: string }
  | { kind: 'transient'; retryAfterMs: number | null; status: number | null; code: string; message: string }
  | { kind: 'auth'; status: number | null; code: string; message: string }
  | { kind: 'not-found'; status: 404; code: string; message: string }
  | { kind: 'permanent'; status: number | null; code: string; message: string };

export type GraphFailureKind = GraphFailure['kind'];

/** Graph's guidance without Retry-After is a backoff; this is the first wait we suggest. */
export const DEFAULT_THROTTLE_WAIT_MS = 10_000;

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function classifyGraphError(err: unknown): GraphFailure {
  if (err instanceof DeltaTokenExpired)
    return { kind: 'permanent', status: err.status, code: err.code, message: err.message };
  if (err instanceof TokenAcquisitionError) return classifyToken(err);
  if (err instanceof GraphNetworkError)
    return { kind: 'transient', retryAfterMs: null, status: null, code: 'network', message: err.message };
  if (err instanceof UntrustedLinkError)
    return { kind: 'permanent', status: null, code: 'untrustedLink', message: err.message };
  if (err instanceof GraphRequestError)
    return classifyStatus(
      err.status,
      err.code,
      err.message,
      (name) => err.headers[name.toLowerCase()] ?? null,
    );
  if (isSdkGraphError(err)) {
    const headers = err.headers;
    const get = (name: string) => (headers && typeof headers.get === 'function' ? headers.get(name) : null);
    if (err.statusCode > 0) return classifyStatus(err.statusCode, err.code ?? 'unknown', err.message, get);
    return networkLike(err)
      ? {
          kind: 'transient',
          retryAfterMs: null,
          status: null,
          code: err.code ?? 'network',
          message: err.message,
        }
      : { kind: 'permanent', status: null, code: err.code ?? 'unknown', message: err.message };
  }
  const message = err instanceof Error ? err.message : String(err);
  if (networkLike(err))
    return { kind: 'transient', retryAfterMs: null, status: null, code: 'network', message };
  return { kind: 'permanent', status: null, code: err instanceof Error ? err.name : 'unknown', message };
}

function classifyStatus(
  status: number,
  code: string,
  message: string,
  header: (name: string) => string | null,
): GraphFailure {
  const retryAfterMs = parseRetryAfter(header('retry-after'));
  if (status === 429)
    return {
      kind: 'throttled',
      retryAfterMs: retryAfterMs ?? DEFAULT_THROTTLE_WAIT_MS,
      status,
      code,
      message,
    };
  if (status >= 500 || status === 408) return { kind: 'transient', retryAfterMs, status, code, message };
  if (status === 401 || status === 403) return { kind: 'auth', status, code, message };
  if (status === 404) return { kind: 'not-found', status: 404, code, message };
  return { kind: 'permanent', status, code, message };
}

function classifyToken(err: TokenAcquisitionError): GraphFailure {
  const code = err.aadCodes[0] !== undefined ? `AADSTS${err.aadCodes[0]}` : (err.errorCode ?? 'token');
  if (err.network)
    return { kind: 'transient', retryAfterMs: null, status: err.status, code, message: err.message };
  if (err.status === 429)
    return {
      kind: 'throttled',
      retryAfterMs: DEFAULT_THROTTLE_WAIT_MS,
      status: 429,
      code,
      message: err.message,
    };
  if ((err.status !== null && err.status >= 500) || err.errorCode === 'temporarily_unavailable') {
    return { kind: 'transient', retryAfterMs: null, status: err.status, code, message: err.message };
  }
  return { kind: 'auth', status: err.status, code, message: err.message };
}

/** Retry-After is delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

interface SdkGraphErrorLike {
  statusCode: number;
  code: string | null;
  message: string;
  headers?: { get(name: string): string | null };
}

function isSdkGraphError(err: unknown): err is SdkGraphErrorLike & Error {
  return (
    err instanceof Error &&
    typeof (err as Partial<SdkGraphErrorLike>).statusCode === 'number' &&
    'code' in err
  );
}

export function networkLike(err: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = err;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || code.startsWith('UND_ERR'))) return true;
    const message = (current as { message?: unknown }).message;
    if (
      typeof message === 'string' &&
      /fetch failed|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|socket hang up|network/i.test(
        message,
      )
    )
      return true;
    if (
      (current as { name?: unknown }).name === 'TimeoutError' ||
      (current as { name?: unknown }).name === 'AbortError'
    )
      return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

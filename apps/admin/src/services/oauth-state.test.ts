import { ConsentStates, deriveKey, STATE_TTL_MS } from './oauth-state';

describe('consent state (S7.2)', () => {
  const key = deriveKey('an-admin-token-of-some-length', 'oauth-state');
  const redirect = 'http://127.0.0.1:3000/oauth/callback';

  it('S7.2 opens a state it issued once, with the connection and redirect URI it carries', () => {
    const states = new ConsentStates(key, () => new Date());
    const { state, expiresAt } = states.issue('c-1', redirect);
    const opened = states.open(state);
    expect(opened).toMatchObject({
      ok: true,
      state: { connectionId: 'c-1', redirectUri: redirect, expiresAt },
    });
    expect(states.open(state)).toEqual({ ok: false, reason: 'replayed' });
  });

  it('S7.2 refuses an expired state, one signed with another key, and an altered one', () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const states = new ConsentStates(key, () => now);
    const { state } = states.issue('c-1', redirect);
    const other = new ConsentStates(deriveKey('a-different-admin-token', 'oauth-state'), () => now);
    expect(other.open(state)).toEqual({ ok: false, reason: 'signature' });
    const [body, mac] = state.split('.') as [string, string];
    const altered = Buffer.from(
      Buffer.from(body, 'base64url').toString('utf8').replace('c-1', 'c-2'),
    ).toString('base64url');
    expect(states.open(`${altered}.${mac}`)).toEqual({ ok: false, reason: 'signature' });
    expect(states.open(`${body}.${mac}.x`)).toEqual({ ok: false, reason: 'malformed' });
    now = new Date(now.getTime() + STATE_TTL_MS);
    expect(states.open(state)).toEqual({ ok: false, reason: 'expired' });
  });

  it('keys are bound to their purpose: a console-session key does not open consent states', () => {
    const issued = new ConsentStates(deriveKey('token', 'console-session'), () => new Date()).issue(
      'c',
      redirect,
    );
    expect(new ConsentStates(deriveKey('token', 'oauth-state'), () => new Date()).open(issued.state)).toEqual(
      {
        ok: false,
        reason: 'signature',
      },
    );
  });
});

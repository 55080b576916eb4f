import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/** What the consent redirect carries through Entra and back to `/oauth/callback` (S7.2). */
export interface ConsentState {
  connectionId: string;
  /** the redirect URI the authorize request named; the code exchange must repeat it exactly */
  redirectUri: string;
  nonce: string;
  expiresAt: Date;
}

export type OpenStateOutcome =
  | { ok: true; state: ConsentState }
  | { ok: false; reason: 'malformed' | 'signature' | 'expired' | 'replayed' };

export const STATE_TTL_MS = 10 * 60_000;

/** A purpose-bound key from the admin token, so one secret never signs two kinds of thing. */
export function deriveKey(secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'entra-sync', purpose, 32));
}

/**
 * Signed (HMAC-SHA256), expiring, single-use `state` values. Nonces are remembered only after a valid signature,
 * so an unauthenticated caller cannot grow the set.
 */
export class ConsentStates {
  private readonly used = new Map<string, number>();

  constructor(
    private readonly key: Buffer,
    private readonly clock: () => Date,
    private readonly ttlMs = STATE_TTL_MS,
  ) {}

  issue(connectionId: string, redirectUri: string): { state: string; expiresAt: Date } {
    const expiresAt = new Date(this.clock().getTime() + this.ttlMs);
    const body = Buffer.from(
      JSON.stringify({
        c: connectionId,
        r: redirectUri,
        n: randomBytes(16).toString('base64url'),
        e: expiresAt.getTime(),
      }),
    ).toString('base64url');
    return { state: `${body}.${this.mac(body)}`, expiresAt };
  }

  /** Checks signature and expiry, then consumes the state: a second use is `replayed`. */
  open(state: string): OpenStateOutcome {
    const now = this.clock().getTime();
    this.forgetExpired(now);
    const [body, mac, extra] = state.split('.');
    if (!body || !mac || extra !== undefined) return { ok: false, reason: 'malformed' };
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      return { ok: false, reason: 'signature' };
    const parsed = parseBody(body);
    if (!parsed) return { ok: false, reason: 'malformed' };
    if (parsed.expiresAt.getTime() <= now) return { ok: false, reason: 'expired' };
    if (this.used.has(parsed.nonce)) return { ok: false, reason: 'replayed' };
    this.used.set(parsed.nonce, parsed.expiresAt.getTime());
    return { ok: true, state: parsed };
  }

  private forgetExpired(now: number): void {
    for (const [nonce, expiresAt] of this.used) if (expiresAt <= now) this.used.delete(nonce);
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}

function parseBody(body: string): ConsentState | null {
  try {
    const value = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    const { c, r, n, e } = value;
    if (typeof c !== 'string' || typeof r !== 'string' || typeof n !== 'string' || typeof e !== 'number')
      return null;
    return { connectionId: c, redirectUri: r, nonce: n, expiresAt: new Date(e) };
  } catch {
    return null;
  }
}

import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

export interface AccessClaims {
  aud: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  appid: string;
  tid: string;
  idtyp: 'app' | 'user';
  /** application permissions (app-only tokens) */
  roles?: string[];
  /** delegated scopes (user tokens) */
  scp?: string;
  oid?: string;
  uti: string;
}

export type VerifyResult =
  { ok: true; claims: AccessClaims } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

/** JWT-shaped access tokens signed with a per-process key; clients treat them as opaque, as Graph tokens should be. */
export class TokenIssuer {
  private readonly key = randomBytes(32);

  constructor(
    readonly lifetimeSeconds: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  issue(claims: Omit<AccessClaims, 'iat' | 'nbf' | 'exp' | 'uti'>): { token: string; expiresIn: number } {
    const now = Math.floor(this.now().getTime() / 1000);
    const full: AccessClaims = {
      ...claims,
      iat: now,
      nbf: now - 1,
      exp: now + this.lifetimeSeconds,
      uti: randomUUID(),
    };
    return { token: this.sign(full), expiresIn: this.lifetimeSeconds };
  }

  /** Any signed JSON payload (id tokens, authorization codes, refresh tokens). */
  sign(payload: object): string {
    const head = b64(JSON.stringify({ typ: 'JWT', alg: 'HS256', kid: 'graph-emulator' }));
    const body = b64(JSON.stringify(payload));
    return `${head}.${body}.${this.mac(`${head}.${body}`)}`;
  }

  open<T>(token: string): T | null {
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const [head, body, mac] = parts as [string, string, string];
    const expected = Buffer.from(this.mac(`${head}.${body}`));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as T;
    } catch {
      return null;
    }
  }

  verify(token: string): VerifyResult {
    if (token.split('.').length !== 3) return { ok: false, reason: 'malformed' };
    const claims = this.open<AccessClaims>(token);
    if (!claims) return { ok: false, reason: 'signature' };
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= this.now().getTime())
      return { ok: false, reason: 'expired' };
    return { ok: true, claims };
  }

  private mac(data: string): string {
    return createHmac('sha256', this.key).update(data).digest('base64url');
  }
}

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

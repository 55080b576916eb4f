import { createHmac, timingSafeEqual } from 'node:crypto';

/** What `/auth/login` hands to `/auth/callback` through the browser: bound to it by a MAC, expiring. */
export interface SignInTransaction {
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  expiresAt: number;
}

export const TRANSACTION_COOKIE = 'entra_sync_signin';
export const TRANSACTION_TTL_MS = 10 * 60_000;

export class SignInTransactions {
  constructor(
    private readonly key: Buffer,
    private readonly clock: () => Date,
  ) {}

  seal(tx: Omit<SignInTransaction, 'expiresAt'>): string {
    const body = Buffer.from(
      JSON.stringify({ ...tx, expiresAt: this.clock().getTime() + TRANSACTION_TTL_MS }),
      'utf8',
    ).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  open(value: string | undefined): SignInTransaction | null {
    const [body, mac, extra] = (value ?? '').split('.');
    if (!body || !mac || extra !== undefined) return null;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    const tx = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as SignInTransaction;
    return tx.expiresAt > this.clock().getTime() ? tx : null;
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(`signin:${body}`).digest('base64url');
  }
}

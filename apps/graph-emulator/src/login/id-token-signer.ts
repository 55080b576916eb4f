import { createHash, createSign, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';

/**
 * RS256 signing of id tokens with a per-process key published as a JWKS, as Entra's
 * `/{tenant}/discovery/v2.0/keys` does, so a relying party validates them like Microsoft's.
 */
export class IdTokenSigner {
  private readonly privateKey: KeyObject;
  private readonly publicJwk: JsonWebKey;
  readonly kid: string;
  /** tests of relying parties: rewrites the claims after signing, as a forger would (the signature no longer fits) */
  alterAfterSigning: ((claims: Record<string, unknown>) => Record<string, unknown>) | null = null;
  /** tests of relying parties: a validly signed token with wrong claims (audience, issuer, nonce, expiry) */
  alterBeforeSigning: ((claims: Record<string, unknown>) => Record<string, unknown>) | null = null;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.publicJwk = publicKey.export({ format: 'jwk' });
    this.kid = createHash('sha256').update(String(this.publicJwk.n)).digest('base64url').slice(0, 27);
  }

  jwks(): { keys: JsonWebKey[] } {
    return { keys: [{ ...this.publicJwk, kty: 'RSA', use: 'sig', kid: this.kid, alg: 'RS256' }] };
  }

  sign(issued: Record<string, unknown>): string {
    const claims = this.alterBeforeSigning ? this.alterBeforeSigning(issued) : issued;
    const head = b64(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid: this.kid }));
    const body = b64(JSON.stringify(claims));
    const signature = createSign('RSA-SHA256').update(`${head}.${body}`).sign(this.privateKey);
    const sent = this.alterAfterSigning ? b64(JSON.stringify(this.alterAfterSigning(claims))) : body;
    return `${head}.${sent}.${signature.toString('base64url')}`;
  }
}

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

/** RFC 7636: the challenge a verifier answers (`plain` or `S256`). */
export function pkceChallengeOf(verifier: string, method: 'plain' | 'S256'): string {
  return method === 'plain' ? verifier : createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

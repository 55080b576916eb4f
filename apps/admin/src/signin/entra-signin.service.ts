import * as oidc from 'openid-client';
import type { Logger } from '@entra-sync/telemetry';
import type { Actor } from '../http/actor';
import type { SignInConfig } from './signin-config';
import type { SignInTransactions } from './signin-transaction';

export type SignInOutcome =
  | { kind: 'signed-in'; actor: Actor }
  /** the id token is valid, but its `groups` claim lacks the allowed group */
  | { kind: 'not-in-group'; username: string }
  /** K6: too many groups for the token (Entra's overage pointer instead of `groups`) */
  | { kind: 'group-overage'; username: string }
  /** no transaction cookie, an expired one, or a callback for another sign-in */
  | { kind: 'expired' }
  /** Entra answered an error, or its answer did not validate (issuer, audience, signature, nonce, expiry) */
  | { kind: 'refused'; reason: string };

const SCOPE = 'openid profile';

/**
 * The operator sign-in with the MSP's Entra tenant (K5): authorization code + PKCE (S256) + nonce + state
 * through openid-client, which validates the id token (issuer, audience, expiry, nonce and, with its
 * non-repudiation checks, the signature against the tenant's JWKS). Membership comes from the `groups` claim.
 */
export class EntraSignIn {
  private configuration: Promise<oidc.Configuration> | null = null;

  constructor(
    private readonly settings: SignInConfig,
    private readonly transactions: SignInTransactions,
    private readonly logger: Logger,
  ) {}

  /** The authorize URL to send the browser to, and the sealed transaction for its cookie. */
  async start(redirectUri: string, loginHint?: string): Promise<{ url: string; transaction: string }> {
    const config = await this.config();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: SCOPE,
      response_mode: 'query',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...(loginHint ? { login_hint: loginHint } : {}),
    });
    return {
      url: url.href,
      transaction: this.transactions.seal({ state, nonce, codeVerifier, redirectUri }),
    };
  }

  /** Redeems the callback's code; `query` is the callback's query string. */
  async finish(query: URLSearchParams, transactionCookie: string | undefined): Promise<SignInOutcome> {
    const tx = this.transactions.open(transactionCookie);
    if (!tx) return { kind: 'expired' };
    const error = query.get('error');
    if (error) return { kind: 'refused', reason: `Entra answered ${error}` };
    const callback = new URL(tx.redirectUri);
    callback.search = query.toString();
    let claims: oidc.IDToken | undefined;
    try {
      const tokens = await oidc.authorizationCodeGrant(await this.config(), callback, {
        pkceCodeVerifier: tx.codeVerifier,
        expectedState: tx.state,
        expectedNonce: tx.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (err) {
      const reason = describeOidcError(err);
      this.logger.warn({ reason }, 'console sign-in refused');
      return { kind: 'refused', reason };
    }
    if (!claims) return { kind: 'refused', reason: 'no id token' };
    const username = stringClaim(claims.preferred_username) ?? stringClaim(claims.upn) ?? claims.sub;
    const groups = claims.groups;
    if (!Array.isArray(groups)) {
      const overage = typeof claims._claim_names === 'object' && claims._claim_names !== null;
      return overage ? { kind: 'group-overage', username } : { kind: 'not-in-group', username };
    }
    if (!groups.includes(this.settings.groupId)) return { kind: 'not-in-group', username };
    return {
      kind: 'signed-in',
      actor: {
        kind: 'entra',
        name: stringClaim(claims.name) ?? username,
        oid: stringClaim(claims.oid) ?? claims.sub,
        username,
      },
    };
  }

  private config(): Promise<oidc.Configuration> {
    const { loginEndpoint, tenantId, clientId, clientSecret } = this.settings;
    this.configuration ??= oidc
      .discovery(new URL(`${loginEndpoint}/${tenantId}/v2.0`), clientId, clientSecret)
      .then((config) => {
        oidc.enableNonRepudiationChecks(config);
        return config;
      })
      .catch((err: unknown) => {
        // a failed discovery is tried again at the next sign-in
        this.configuration = null;
        throw err;
      });
    return this.configuration;
  }
}

const stringClaim = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** openid-client's error code and message: they name the check that failed, never a token. */
function describeOidcError(err: unknown): string {
  if (err instanceof oidc.ResponseBodyError) return `Entra answered ${err.error}`;
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    // openid-client wraps the failed check (e.g. the JWS signature) as the cause
    const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
    return `${typeof code === 'string' ? `${code}: ` : ''}${err.message}${cause}`;
  }
  return String(err);
}

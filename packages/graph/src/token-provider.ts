import type { AccessToken, TokenCredential } from '@azure/identity';
import type { AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import { networkLike } from './classify';
import { TokenAcquisitionError } from './graph-errors';
import type { GraphRequestCounter } from './request-counter';

/** Refresh this long before expiry so a token never runs out in the middle of a page. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * Caches the connection's access token and shares one in-flight acquisition between concurrent requests.
 * Failures become a TokenAcquisitionError that carries what classification needs and no secret.
 */
export class CachingTokenProvider implements AuthenticationProvider {
  private current: AccessToken | null = null;
  private pending: Promise<string> | null = null;

  constructor(
    private readonly credential: TokenCredential,
    private readonly scope: string,
    private readonly counter: GraphRequestCounter,
    /** `<loginEndpoint>/<tenant>`: probed when MSAL reports only that it could not resolve the endpoints */
    private readonly authority: string,
  ) {}

  getAccessToken(): Promise<string> {
    const token = this.current;
    if (token && token.expiresOnTimestamp - REFRESH_MARGIN_MS > Date.now())
      return Promise.resolve(token.token);
    this.pending ??= this.acquire().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  /** Forget the cached token (e.g. after Graph rejected it). */
  invalidate(): void {
    this.current = null;
  }

  private async acquire(): Promise<string> {
    try {
      const token = await this.credential.getToken(this.scope);
      if (!token) throw new Error('The credential returned no token.');
      this.current = token;
      this.counter.add('tokens', 'ok');
      return token.token;
    } catch (err) {
      const failure = isEndpointResolution(err) ? await diagnoseAuthority(this.authority) : toTokenError(err);
      this.counter.add(
        'tokens',
        failure.network || (failure.status ?? 0) >= 500
          ? 'transient'
          : failure.status === 429
            ? 'throttled'
            : 'auth',
      );
      throw failure;
    }
  }
}

interface IdentityErrorShape {
  name?: string;
  message?: string;
  statusCode?: number;
  errorResponse?: {
    error?: string;
    errorDescription?: string;
    error_codes?: number[];
    errorCodes?: number[];
  };
}

export function toTokenError(err: unknown): TokenAcquisitionError {
  const e = (err ?? {}) as IdentityErrorShape;
  const description = e.errorResponse?.errorDescription ?? e.message ?? String(err);
  const codes =
    e.errorResponse?.error_codes ??
    e.errorResponse?.errorCodes ??
    [...description.matchAll(/AADSTS(\d+)/g)].map((m) => Number(m[1]));
  const status = typeof e.statusCode === 'number' && e.statusCode > 0 ? e.statusCode : null;
  const firstLine = description.split(/\r?\n/)[0] ?? description;
  const network = codes.length === 0 && status === null && networkLike(err);
  return new TokenAcquisitionError(
    `Token acquisition failed (${e.name ?? 'Error'}): ${firstLine}`,
    status,
    codes,
    e.errorResponse?.error ?? null,
    network,
  );
}

function isEndpointResolution(err: unknown): boolean {
  return err instanceof Error && err.message.includes('endpoints_resolution_error');
}

/**
 * MSAL says only "endpoints_resolution_error" both for an unknown tenant and for an unreachable login host.
 * One GET of the OpenID configuration tells them apart: Entra answers an unknown tenant with AADSTS90002.
 */
export async function diagnoseAuthority(authority: string): Promise<TokenAcquisitionError> {
  const url = `${authority}/v2.0/.well-known/openid-configuration`;
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return new TokenAcquisitionError(
      `Token acquisition failed: the login endpoint did not answer (${cause?.code ?? cause?.message ?? 'network error'}).`,
      null,
      [],
      null,
      true,
    );
  }
  const body = (await res.json().catch(() => ({}))) as {
    error?: string;
    error_description?: string;
    error_codes?: number[];
  };
  if (res.ok)
    return new TokenAcquisitionError(
      'Token acquisition failed: the login endpoint metadata could not be used.',
      res.status,
      [],
      null,
      false,
    );
  return toTokenError({
    name: 'AuthenticationError',
    statusCode: res.status,
    errorResponse: {
      error: body.error,
      errorDescription: body.error_description ?? `HTTP ${res.status}`,
      error_codes: body.error_codes,
    },
  });
}

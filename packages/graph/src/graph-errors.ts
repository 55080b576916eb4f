import { GraphClientError } from '@microsoft/microsoft-graph-client';

/** A Graph answer that was not a success: from the SDK, or one response inside a `$batch`. */
export class GraphRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'GraphRequestError';
  }
}

/**
 * The delta token (deltaLink or nextLink) was rejected: expired (7 days for directory objects), or Graph asks
 * for a resync (410). The caller drops the stored link and starts a full synchronization.
 */
export class DeltaTokenExpired extends Error {
  constructor(
    readonly resource: 'users' | 'groups',
    readonly status: number,
    readonly code: string,
  ) {
    super(
      `The ${resource} delta token is no longer valid (${status} ${code}): start over with a full synchronization.`,
    );
    this.name = 'DeltaTokenExpired';
  }
}

/**
 * Token acquisition failed. Thrown from the SDK's middleware as a GraphClientError so the SDK passes it through
 * unchanged (it would otherwise flatten it into a GraphError and lose the cause).
 */
export class TokenAcquisitionError extends GraphClientError {
  constructor(
    message: string,
    readonly status: number | null,
    readonly aadCodes: readonly number[],
    readonly errorCode: string | null,
    readonly network: boolean,
  ) {
    super(message);
    Object.setPrototypeOf(this, TokenAcquisitionError.prototype);
    this.name = 'TokenAcquisitionError';
  }
}

/** fetch itself failed (connection refused, DNS, TLS, timeout): no HTTP answer. */
export class GraphNetworkError extends GraphClientError {
  constructor(message: string) {
    super(message);
    Object.setPrototypeOf(this, GraphNetworkError.prototype);
    this.name = 'GraphNetworkError';
  }
}

/** A link handed to us (nextLink / deltaLink) that does not point at the configured Graph origin. */
export class UntrustedLinkError extends Error {
  constructor(link: string, expectedOrigin: string) {
    super(`Refusing to follow a link outside ${expectedOrigin}: ${safeLink(link)}`);
    this.name = 'UntrustedLinkError';
  }
}

function safeLink(link: string): string {
  try {
    const url = new URL(link);
    return `${url.origin}${url.pathname}`;
  } catch {
    return '(not a URL)';
  }
}

import type { IdTokenSigner } from './login/id-token-signer';
import type { TokenIssuer } from './login/token-issuer';
import type { Notifier } from './notifications/notifier';
import type { EmulatorState } from './state/emulator-state';

export interface EmulatorSettings {
  /** page size of delta rounds (Graph decides its own; callers must not assume one) */
  deltaPageSize: number;
  /** delta tokens older than this are rejected with syncStateNotFound (Graph: 7 days for directory objects) */
  deltaTokenMaxAgeMs: number;
  /** longest subscription lifetime for users and groups */
  maxSubscriptionMinutes: number;
}

export interface EmulatorContext {
  state: EmulatorState;
  issuer: TokenIssuer;
  /** RS256 id tokens, verifiable through the tenant's JWKS */
  signer: IdTokenSigner;
  notifier: Notifier;
  settings: EmulatorSettings;
  /** tokens, authorization codes, delta tokens and subscriptions expire by this clock */
  now: () => Date;
}

/** Resource identifiers a token may be requested for: Graph in any cloud, by URI or app id, or the emulator itself. */
export function isGraphResource(resource: string): boolean {
  const normalized = resource.replace(/\/+$/, '').toLowerCase();
  return (
    isLoopbackOrigin(normalized) ||
    normalized === '00000003-0000-0000-c000-000000000000' ||
    [
      'https://graph.microsoft.com',
      'https://graph.microsoft.us',
      'https://dod-graph.microsoft.us',
      'https://microsoftgraph.chinacloudapi.cn',
    ].includes(normalized)
  );
}

function isLoopbackOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      url.protocol === 'https:' &&
      ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) &&
      url.pathname === '/'
    );
  } catch {
    return false;
  }
}

import type { TokenCredential } from '@azure/identity';
import {
  AuthenticationHandler,
  Client,
  HTTPMessageHandler,
  TelemetryHandler,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { createCredential, type GraphConnection } from './credential.factory';
import type { GraphEndpoints } from './endpoints';
import { GraphNetworkError } from './graph-errors';
import { graphRequestCounter, outcomeOfStatus, type GraphRequestCounter } from './request-counter';
import { CachingTokenProvider } from './token-provider';

export interface GraphClient {
  readonly endpoints: GraphEndpoints;
  readonly counter: GraphRequestCounter;
  /** @internal the SDK client; only this package calls it */
  readonly sdk: Client;
  /** @internal */
  readonly tokens: CachingTokenProvider;
}

export interface GraphClientOptions {
  counter?: GraphRequestCounter;
  /** per HTTP request; a hung connection becomes a transient failure */
  requestTimeoutMs?: number;
  /** instead of one built from the connection (tests, shared credentials) */
  credential?: TokenCredential;
}

/**
 * One client per connection. The middleware chain is the SDK's minus its RetryHandler and RedirectHandler:
 * retries belong to the caller's queue, which reads `classifyGraphError`.
 */
export function createGraphClient(
  connection: GraphConnection,
  endpoints: GraphEndpoints,
  options: GraphClientOptions = {},
): GraphClient {
  const counter = options.counter ?? graphRequestCounter;
  const authority = `${endpoints.loginEndpoint}/${encodeURIComponent(connection.tenant)}`;
  const tokens = new CachingTokenProvider(
    options.credential ?? createCredential(connection, endpoints),
    endpoints.scope,
    counter,
    authority,
  );
  const middleware: Middleware[] = [
    new AuthenticationHandler(tokens),
    new TelemetryHandler(),
    new OutcomeMiddleware(counter, options.requestTimeoutMs ?? 60_000),
    new HTTPMessageHandler(),
  ];
  const sdk = Client.initWithMiddleware({
    baseUrl: `${endpoints.graphEndpoint}/`,
    defaultVersion: 'v1.0',
    middleware,
    ...(endpoints.customGraphHost ? { customHosts: new Set([endpoints.customGraphHost]) } : {}),
  });
  return { endpoints, counter, sdk, tokens };
}

/** Counts each HTTP request by outcome and turns fetch failures into GraphNetworkError. */
class OutcomeMiddleware implements Middleware {
  private nextMiddleware: Middleware | undefined;

  constructor(
    private readonly counter: GraphRequestCounter,
    private readonly timeoutMs: number,
  ) {}

  async execute(context: Context): Promise<void> {
    context.options ??= {};
    context.options.signal ??= AbortSignal.timeout(this.timeoutMs);
    try {
      await this.nextMiddleware?.execute(context);
    } catch (err) {
      this.counter.add('requests', 'transient');
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      const detail = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
      throw new GraphNetworkError(`Graph request failed without an answer: ${detail}`);
    }
    if (context.response) this.counter.add('requests', outcomeOfStatus(context.response.status));
  }

  setNext(next: Middleware): void {
    this.nextMiddleware = next;
  }
}

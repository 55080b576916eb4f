import {
  classifyGraphError,
  createGraphClient,
  getOrganization,
  type GraphClient,
  type GraphEndpoints,
  type GraphFailure,
  type GraphRequestCounter,
  type Organization,
} from '@entra-sync/graph';
import { scrubSecrets } from '@entra-sync/telemetry';

export interface Credentials {
  tenant: string;
  clientId: string;
  clientSecret: string;
}

export type VerifyOutcome = { ok: true; organization: Organization } | { ok: false; failure: GraphFailure };

/** Graph as the admin API uses it: checking credentials (S7), groups (S7.4), previews. */
export class GraphAccess {
  private readonly clients = new Map<string, { version: number; client: GraphClient }>();

  constructor(
    readonly endpoints: GraphEndpoints,
    private readonly counter?: GraphRequestCounter,
  ) {}

  clientFor(credentials: Credentials): GraphClient {
    return createGraphClient(
      {
        tenant: credentials.tenant,
        clientId: credentials.clientId,
        credential: { kind: 'clientSecret', clientSecret: credentials.clientSecret },
      },
      this.endpoints,
      this.counter ? { counter: this.counter } : {},
    );
  }

  /** One client per stored connection (its token is reused), rebuilt when the connection changed. */
  connectionClient(connectionId: string, version: Date, credentials: Credentials): GraphClient {
    const cached = this.clients.get(connectionId);
    if (cached && cached.version === version.getTime()) return cached.client;
    const client = this.clientFor(credentials);
    this.clients.set(connectionId, { version: version.getTime(), client });
    return client;
  }

  /** Token + `GET /organization`: proves the credentials and resolves a tenant domain to its id. */
  async verify(credentials: Credentials): Promise<VerifyOutcome> {
    try {
      return { ok: true, organization: await getOrganization(this.clientFor(credentials)) };
    } catch (err) {
      return { ok: false, failure: safeFailure(err, credentials.clientSecret) };
    }
  }
}

/** The classified failure with any trace of the secret removed from its message (S7.1). */
export function safeFailure(err: unknown, secret?: string): GraphFailure {
  const failure = classifyGraphError(err);
  let message = scrubSecrets(failure.message);
  if (secret) message = message.split(secret).join('[Redacted]');
  return { ...failure, message };
}

/** One line for lastError and problem details: the Entra/Graph code first (e.g. AADSTS7000215). */
export function describeFailure(failure: GraphFailure): string {
  return failure.message.includes(failure.code) ? failure.message : `${failure.code}: ${failure.message}`;
}

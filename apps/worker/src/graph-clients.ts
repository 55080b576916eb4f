import { getConnectionCredentials, type Db, type SecretBox } from '@entra-sync/db';
import {
  createGraphClient,
  type GraphClient,
  type GraphEndpoints,
  type GraphRequestCounter,
} from '@entra-sync/graph';

/**
 * One Graph client per connection, so tokens are cached per tenant. A client is rebuilt when the connection's
 * credentials change (its `updatedAt` moves).
 */
export class GraphClients {
  private readonly clients = new Map<string, { version: number; client: GraphClient }>();

  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
    readonly endpoints: GraphEndpoints,
    private readonly counter?: GraphRequestCounter,
  ) {}

  async get(connectionId: string, version: Date): Promise<GraphClient> {
    const cached = this.clients.get(connectionId);
    if (cached && cached.version === version.getTime()) return cached.client;
    const credentials = await getConnectionCredentials(this.db, this.box, connectionId);
    if (!credentials) throw new Error(`connection ${connectionId} has no credentials`);
    const client = createGraphClient(
      {
        tenant: credentials.tenantId ?? credentials.tenant,
        clientId: credentials.clientId,
        credential: { kind: 'clientSecret', clientSecret: credentials.clientSecret },
      },
      this.endpoints,
      this.counter ? { counter: this.counter } : {},
    );
    this.clients.set(connectionId, { version: version.getTime(), client });
    return client;
  }

  forget(connectionId: string): void {
    this.clients.delete(connectionId);
  }
}

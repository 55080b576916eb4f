import {
  connectionNameTaken,
  createConnection,
  getConnection,
  getConnectionCredentials,
  isUniqueViolation,
  listRules,
  updateConnection,
  type Connection,
  type ConnectionPatch,
  type Db,
  type SecretBox,
} from '@entra-sync/db';
import type { GraphFailure, Organization } from '@entra-sync/graph';
import type { Producer } from '@entra-sync/queues';
import type { Logger } from '@entra-sync/telemetry';
import { describeFailure, type Credentials, type GraphAccess } from './graph-access';
import { resyncAfterChange } from './sync.service';

export interface ConnectionDeps {
  db: Db;
  box: SecretBox;
  producer: Producer;
  graph: GraphAccess;
  logger: Logger;
}

export interface NewConnection {
  name: string;
  tenant: string;
  clientId: string;
  clientSecret: string;
  /** S3.4; default false */
  staffTenant?: boolean;
}

export type CreateConnectionOutcome =
  | { kind: 'created'; connection: Connection }
  | { kind: 'name-taken' }
  | { kind: 'credentials-rejected'; failure: GraphFailure };

/** S7: the credentials are checked (token + GET /organization) before anything is stored. */
export async function addConnection(
  deps: ConnectionDeps,
  input: NewConnection,
): Promise<CreateConnectionOutcome> {
  if (await connectionNameTaken(deps.db, input.name)) return { kind: 'name-taken' };
  const verified = await deps.graph.verify(input);
  if (!verified.ok) return { kind: 'credentials-rejected', failure: verified.failure };
  let connection: Connection;
  try {
    connection = await createConnection(deps.db, deps.box, {
      ...input,
      tenantId: verified.organization.tenantId,
      status: 'connected',
    });
  } catch (err) {
    if (isUniqueViolation(err)) return { kind: 'name-taken' };
    throw err;
  }
  // Subscriptions make changes arrive within seconds (S4.1); the worker creates them. The connection exists
  // either way, and the workers' periodic pass ensures subscriptions too.
  await deps.producer
    .add('subscriptions', 'subscriptions.ensure', { connectionId: connection.id })
    .catch((err: unknown) =>
      deps.logger.warn({ err, connectionId: connection.id }, 'could not enqueue subscriptions.ensure'),
    );
  return { kind: 'created', connection };
}

export type TestConnectionOutcome =
  | { kind: 'ok'; connection: Connection; organization: Organization }
  | { kind: 'failed'; connection: Connection; failure: GraphFailure }
  | { kind: 'not-found' };

/** Checks the stored credentials now and records the result (S7.3: failing with the last error). */
export async function testConnection(deps: ConnectionDeps, id: string): Promise<TestConnectionOutcome> {
  const current = await getConnection(deps.db, id);
  const credentials = await storedCredentials(deps, id);
  if (!current || !credentials) return { kind: 'not-found' };
  const verified = await deps.graph.verify(credentials);
  const keepDisabled = current.status === 'disabled';
  const patch: ConnectionPatch = verified.ok
    ? {
        tenantId: verified.organization.tenantId,
        lastError: null,
        nextRetryAt: null,
        ...(keepDisabled ? {} : { status: 'connected' as const }),
      }
    : {
        lastError: describeFailure(verified.failure),
        ...(keepDisabled ? {} : { status: 'failing' as const }),
      };
  const connection = (await updateConnection(deps.db, deps.box, id, patch)) ?? current;
  return verified.ok
    ? { kind: 'ok', connection, organization: verified.organization }
    : { kind: 'failed', connection, failure: verified.failure };
}

export interface ConnectionChange {
  name?: string;
  tenant?: string;
  clientId?: string;
  clientSecret?: string;
  /** S3.4: unmarking is refused while the connection has employee rules (T7) */
  staffTenant?: boolean;
  /** `disabled` stops all work; `connected` enables again after a credential check */
  status?: 'disabled' | 'connected';
}

export type ChangeConnectionOutcome =
  | { kind: 'updated'; connection: Connection; syncRunId: string | null }
  | { kind: 'not-found' }
  | { kind: 'name-taken' }
  | { kind: 'employee-rules'; ruleIds: number[] }
  | { kind: 'credentials-rejected'; failure: GraphFailure };

/**
 * Rename, new credentials, disable/enable. New credentials and enabling are checked first: a wrong secret is
 * reported and nothing changes, so a rotation never breaks a working connection.
 */
export async function changeConnection(
  deps: ConnectionDeps,
  id: string,
  change: ConnectionChange,
): Promise<ChangeConnectionOutcome> {
  const current = await getConnection(deps.db, id);
  const stored = await storedCredentials(deps, id);
  if (!current || !stored) return { kind: 'not-found' };
  if (change.name !== undefined && (await connectionNameTaken(deps.db, change.name, id)))
    return { kind: 'name-taken' };
  if (change.staffTenant === false && current.staffTenant) {
    const ruleIds = (await listRules(deps.db, id)).filter((r) => r.target === 'employee').map((r) => r.id);
    if (ruleIds.length > 0) return { kind: 'employee-rules', ruleIds };
  }

  const patch: ConnectionPatch = {};
  if (change.name !== undefined) patch.name = change.name;
  if (change.staffTenant !== undefined && change.staffTenant !== current.staffTenant)
    patch.staffTenant = change.staffTenant;
  const newCredentials =
    change.tenant !== undefined || change.clientId !== undefined || change.clientSecret !== undefined;
  const enabling = change.status === 'connected' && current.status !== 'connected';
  if (newCredentials || enabling) {
    const credentials: Credentials = {
      tenant: change.tenant ?? stored.tenant,
      clientId: change.clientId ?? stored.clientId,
      clientSecret: change.clientSecret ?? stored.clientSecret,
    };
    const verified = await deps.graph.verify(credentials);
    if (!verified.ok) return { kind: 'credentials-rejected', failure: verified.failure };
    Object.assign(patch, {
      ...(change.tenant !== undefined ? { tenant: change.tenant } : {}),
      ...(change.clientId !== undefined ? { clientId: change.clientId } : {}),
      ...(change.clientSecret !== undefined ? { clientSecret: change.clientSecret } : {}),
      tenantId: verified.organization.tenantId,
      lastError: null,
      nextRetryAt: null,
    });
    if (current.status !== 'disabled' || enabling) patch.status = 'connected';
  }
  if (change.status === 'disabled') patch.status = 'disabled';

  if (Object.keys(patch).length === 0) return { kind: 'updated', connection: current, syncRunId: null };
  let connection: Connection | null;
  try {
    connection = await updateConnection(deps.db, deps.box, id, patch);
  } catch (err) {
    if (isUniqueViolation(err)) return { kind: 'name-taken' };
    throw err;
  }
  if (!connection) return { kind: 'not-found' };
  // S7.3: back from disabled (or from failing), reconcile what was missed.
  const syncRunId =
    connection.status === 'connected' && current.status !== 'connected'
      ? await resyncAfterChange(deps, id, 'connection')
      : null;
  return { kind: 'updated', connection, syncRunId };
}

async function storedCredentials(deps: ConnectionDeps, id: string): Promise<Credentials | null> {
  const stored = await getConnectionCredentials(deps.db, deps.box, id);
  if (!stored) return null;
  return {
    tenant: stored.tenantId ?? stored.tenant,
    clientId: stored.clientId,
    clientSecret: stored.clientSecret,
  };
}

import { randomUUID } from 'node:crypto';
import { type Kysely, type Selectable, sql } from 'kysely';
import { secretColumn, secretContext } from '../crypto/encrypted-columns';
import type { SecretBox } from '../crypto/secret-box';
import type { ConnectionStatus, ConnectionTable } from '../tables/connection.table';
import type { Database } from '../tables/database';

/** The API resource: the secret never leaves this module except through getConnectionCredentials. */
export interface Connection {
  id: string;
  name: string;
  tenant: string;
  tenantId: string | null;
  clientId: string;
  status: ConnectionStatus;
  /** S3.4 */
  staffTenant: boolean;
  lastError: string | null;
  lastSyncAt: Date | null;
  nextRetryAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ConnectionCredentials {
  tenant: string;
  tenantId: string | null;
  clientId: string;
  clientSecret: string;
  refreshToken: string | null;
}

const PUBLIC_COLUMNS = [
  'id',
  'name',
  'tenant',
  'tenant_id',
  'client_id',
  'status',
  'staff_tenant',
  'last_error',
  'last_sync_at',
  'next_retry_at',
  'created_at',
  'updated_at',
] as const;

type PublicRow = Pick<Selectable<ConnectionTable>, (typeof PUBLIC_COLUMNS)[number]>;

const toConnection = (row: PublicRow): Connection => ({
  id: row.id,
  name: row.name,
  tenant: row.tenant,
  tenantId: row.tenant_id,
  clientId: row.client_id,
  status: row.status,
  staffTenant: row.staff_tenant,
  lastError: row.last_error,
  lastSyncAt: row.last_sync_at,
  nextRetryAt: row.next_retry_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export async function listConnections(db: Kysely<Database>): Promise<Connection[]> {
  const rows = await db
    .selectFrom('connections')
    .select(PUBLIC_COLUMNS)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toConnection);
}

export async function getConnection(db: Kysely<Database>, id: string): Promise<Connection | null> {
  const row = await db
    .selectFrom('connections')
    .select(PUBLIC_COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toConnection(row) : null;
}

/** B6: names are unique in any case; `exceptId` is the connection being renamed. */
export async function connectionNameTaken(
  db: Kysely<Database>,
  name: string,
  exceptId?: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('connections')
    .select('id')
    .where(sql`lower(name)`, '=', name.toLowerCase())
    .$if(exceptId !== undefined, (qb) => qb.where('id', '!=', exceptId ?? ''))
    .executeTakeFirst();
  return row !== undefined;
}

export interface ConnectionInput {
  name: string;
  tenant: string;
  clientId: string;
  clientSecret: string;
  tenantId?: string | null;
  status?: ConnectionStatus;
  staffTenant?: boolean;
}

export async function createConnection(
  db: Kysely<Database>,
  box: SecretBox,
  input: ConnectionInput,
): Promise<Connection> {
  // the id is chosen here: the secret is bound to its row (K2)
  const id = randomUUID();
  const row = await db
    .insertInto('connections')
    .values({
      id,
      name: input.name,
      tenant: input.tenant,
      tenant_id: input.tenantId ?? null,
      client_id: input.clientId,
      client_secret: box.encrypt(input.clientSecret, secretContext(secretColumn.clientSecret, id)),
      status: input.status ?? 'pending',
      staff_tenant: input.staffTenant ?? false,
    })
    .returning(PUBLIC_COLUMNS)
    .executeTakeFirstOrThrow();
  return toConnection(row);
}

export interface ConnectionPatch {
  name?: string;
  tenant?: string;
  tenantId?: string | null;
  clientId?: string;
  clientSecret?: string;
  refreshToken?: string | null;
  status?: ConnectionStatus;
  staffTenant?: boolean;
  lastError?: string | null;
  lastSyncAt?: Date | null;
  nextRetryAt?: Date | null;
}

export async function updateConnection(
  db: Kysely<Database>,
  box: SecretBox,
  id: string,
  patch: ConnectionPatch,
): Promise<Connection | null> {
  const row = await db
    .updateTable('connections')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.tenant !== undefined ? { tenant: patch.tenant } : {}),
      ...(patch.tenantId !== undefined ? { tenant_id: patch.tenantId } : {}),
      ...(patch.clientId !== undefined ? { client_id: patch.clientId } : {}),
      ...(patch.clientSecret !== undefined
        ? { client_secret: box.encrypt(patch.clientSecret, secretContext(secretColumn.clientSecret, id)) }
        : {}),
      ...(patch.refreshToken !== undefined
        ? {
            refresh_token:
              patch.refreshToken === null
                ? null
                : box.encrypt(patch.refreshToken, secretContext(secretColumn.refreshToken, id)),
          }
        : {}),
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      ...(patch.staffTenant !== undefined ? { staff_tenant: patch.staffTenant } : {}),
      ...(patch.lastError !== undefined ? { last_error: patch.lastError } : {}),
      ...(patch.lastSyncAt !== undefined ? { last_sync_at: patch.lastSyncAt } : {}),
      ...(patch.nextRetryAt !== undefined ? { next_retry_at: patch.nextRetryAt } : {}),
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .returning(PUBLIC_COLUMNS)
    .executeTakeFirst();
  return row ? toConnection(row) : null;
}

/** Deletes the connection with its rules, links and Graph state; records stay (S5.1). */
export async function deleteConnection(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db.deleteFrom('connections').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function getConnectionCredentials(
  db: Kysely<Database>,
  box: SecretBox,
  id: string,
): Promise<ConnectionCredentials | null> {
  const row = await db
    .selectFrom('connections')
    .select(['tenant', 'tenant_id', 'client_id', 'client_secret', 'refresh_token'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  return {
    tenant: row.tenant,
    tenantId: row.tenant_id,
    clientId: row.client_id,
    clientSecret: box.decrypt(row.client_secret, secretContext(secretColumn.clientSecret, id)),
    refreshToken:
      row.refresh_token === null
        ? null
        : box.decrypt(row.refresh_token, secretContext(secretColumn.refreshToken, id)),
  };
}

/** S7.3: failing connections whose retry time has come. */
export async function listConnectionsDueForRetry(db: Kysely<Database>, now: Date): Promise<Connection[]> {
  const rows = await db
    .selectFrom('connections')
    .select(PUBLIC_COLUMNS)
    .where('status', '=', 'failing')
    .where((eb) => eb.or([eb('next_retry_at', 'is', null), eb('next_retry_at', '<=', now)]))
    .orderBy('next_retry_at')
    .execute();
  return rows.map(toConnection);
}

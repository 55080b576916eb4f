import type { SecretContext } from './secret-box';

/**
 * Every column that holds a secret box, with the columns that identify its row (K2). Repositories build their
 * contexts from here, and `keys rotate` and the start-up check walk it: a new secret column is added here once.
 */
export const ENCRYPTED_COLUMNS = [
  { table: 'connections', column: 'client_secret', rowKey: ['id'] },
  { table: 'connections', column: 'refresh_token', rowKey: ['id'] },
  { table: 'graph_subscriptions', column: 'client_state', rowKey: ['connection_id', 'resource'] },
] as const;

export type EncryptedColumn = (typeof ENCRYPTED_COLUMNS)[number];

/** The associated data of one stored secret: its table, column and row id (key columns joined by `/`). */
export function secretContext(column: EncryptedColumn, ...rowKey: readonly string[]): SecretContext {
  if (rowKey.length !== column.rowKey.length)
    throw new Error(`${column.table}.${column.column} is identified by ${column.rowKey.join(', ')}`);
  return { table: column.table, column: column.column, rowId: rowKey.join('/') };
}

export const secretColumn = {
  clientSecret: ENCRYPTED_COLUMNS[0],
  refreshToken: ENCRYPTED_COLUMNS[1],
  clientState: ENCRYPTED_COLUMNS[2],
} as const;

export {
  createDb,
  DEFAULT_DB_TIMEOUTS,
  HUNG_SERVER_MARGIN_MS,
  type CreateDbOptions,
  type Db,
  type DbTimeouts,
} from './create-db';
export {
  classifyPostgresError,
  isTransientPostgresFailure,
  type PostgresFailure,
  type PostgresFailureKind,
} from './pg-failure';
export { migrateToLatest, migrateDown, migrateToEmpty, MigrationError } from './migrate';
export type { Database } from './tables/database';
export type { ConnectionStatus } from './tables/connection.table';
export type { SyncRunStatus } from './tables/sync-run.table';
export {
  createSecretBox,
  parseEncryptionKey,
  keyIdOf,
  EncryptionKeyError,
  SecretDecryptionError,
  type SecretBox,
  type SecretContext,
} from './crypto/secret-box';
export {
  ENCRYPTED_COLUMNS,
  secretColumn,
  secretContext,
  type EncryptedColumn,
} from './crypto/encrypted-columns';
export {
  rotateSecrets,
  findUnreadableSecrets,
  assertSecretsReadable,
  type ColumnRotation,
} from './crypto/secret-rotation';

export * from './repositories/account.repository';
export * from './repositories/person-record.repository';
export * from './repositories/login.repository';
export * from './repositories/connection.repository';
export * from './repositories/mapping-rule.repository';
export * from './repositories/employee-defaults.repository';
export * from './repositories/link.repository';
export * from './repositories/audit.repository';
export * from './repositories/operator-audit.repository';
export * from './repositories/outbox.repository';
export * from './repositories/directory-mirror.repository';
export * from './repositories/sync-run.repository';
export * from './repositories/graph-state.repository';
export * from './repositories/catalog.repository';
export {
  mirroredUsersOf,
  mirroredUsersByEmail,
  observationOf,
  type MirroredUser,
} from './repositories/directory-mirror.query';
export { isUniqueViolation } from './unique-violation';
export type { StoredRecord } from './repositories/person-record.query';

export { syncUser, type SyncUserRequest } from './apply/sync-user';
export { loadSyncContext, type SyncContext } from './apply/sync-context';
export type { UserToApply } from '@entra-sync/domain';
export { lockKeys } from './apply/locks';
export type { RemovalGuard } from './apply/removal-guard';
export { type RemovalWindowSettings, observationFromJson } from './apply/removal-window';
export * from './repositories/confirmation.repository';
export * from './repositories/confirmation-decision.repository';
export * from './repositories/run-removals.repository';
export {
  applyBatch,
  dryRunBatch,
  type AppliedUser,
  type BatchOptions,
  type DryRunUser,
} from './apply/apply-batch';
export { applyUsers, type ApplyUsersRequest } from './apply/apply-users';
export { applyInBatches, type ApplyInBatchesRequest } from './apply/apply-in-batches';
// the batch writes' JSON transport, also the raw-Postgres limit's (apps/bench/src/apply-step/raw-upsert.ts)
export { recordset } from './apply/json-recordset';
export { withNamedLease, LEASE_TTL_MS, type LeaseResult } from './named-lease';
export { databaseNow } from './database-time';

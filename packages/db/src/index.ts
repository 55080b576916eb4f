export { createDb, type CreateDbOptions, type Db } from './create-db';
export { migrateToLatest, migrateDown, migrateToEmpty, MigrationError } from './migrate';
export type { Database } from './tables/database';
export type { ConnectionStatus } from './tables/connection.table';
export type { SyncRunStatus } from './tables/sync-run.table';
export {
  createSecretBox,
  parseEncryptionKey,
  EncryptionKeyError,
  SecretDecryptionError,
  type SecretBox,
} from './crypto/secret-box';

export * from './repositories/account.repository';
export * from './repositories/employee.repository';
export * from './repositories/contact.repository';
export * from './repositories/login.repository';
export * from './repositories/connection.repository';
export * from './repositories/mapping-rule.repository';
export * from './repositories/employee-defaults.repository';
export * from './repositories/link.repository';
export * from './repositories/audit.repository';
export * from './repositories/outbox.repository';
export * from './repositories/directory-mirror.repository';
export * from './repositories/sync-run.repository';
export * from './repositories/graph-state.repository';
export type { StoredRecord } from './repositories/person-record.query';

export { syncUser, applyUser, type SyncUserRequest, type SyncUserResult } from './apply/sync-user';
export {
  loadSyncContext,
  loadPlanInput,
  type SyncContext,
  type LoadedUser,
  type UserToApply,
} from './apply/load-plan-input';
export { executePlan, type ExecuteResult } from './apply/execute-plan';
export { userLockKeys, lockUser } from './apply/user-locks';
export { applyUsers, applyBatch, type ApplyUsersRequest, type AppliedUser } from './apply/batch/apply-users';
export { applyInBatches, type ApplyInBatchesRequest } from './apply/batch/apply-in-batches';
// the batch writes' JSON transport, also the raw-Postgres limit's (apps/bench/src/apply-step/raw-upsert.ts)
export { recordset } from './apply/batch/json-recordset';
export { withNamedLock } from './named-lock';

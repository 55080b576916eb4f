// The admin API's resources as the CLI reads them: the contract's wire types (packages/api-contract), types only.
export type {
  Confirmation,
  ConfirmationDecided,
  Connection,
  ConnectionStatus,
  ConnectionTestResult,
  DeadLetter,
  Explanation,
  Page,
  Problem,
  QueueStats,
  Rule,
  SyncRun,
  SyncRunStatus,
} from '@entra-sync/api-contract';

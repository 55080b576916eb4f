// The admin API's JSON as the console reads it: the contract's wire types (packages/api-contract). Types only,
// so nothing of the contract reaches the browser bundle.
import type { Contact, Employee } from '@entra-sync/api-contract';

export type {
  Account,
  AuditEntry,
  Confirmation,
  ConfirmationDecided,
  Connection,
  ConnectionStatus,
  Contact,
  DeadLetter,
  Employee,
  EmployeeDefaults,
  Explanation,
  PlanOp,
  PreviewResult,
  QueueHistory,
  QueueStats,
  Rule,
  RuleFields,
  RuleSaved,
  SyncRun,
} from '@entra-sync/api-contract';

/** Console-only: an employee or a contact on the pages that show either (the other kind's fields absent). */
export type PersonRecord = (Employee | Contact) &
  Partial<Omit<Employee, keyof Contact>> &
  Partial<Omit<Contact, keyof Employee>>;

/** B5's seed catalog: suggestions only; the API checks against the database's catalog. */
export const ROLES = ['Administrator', 'Manager', 'Technician'];
export const PORTAL_ROLES = ['Portal User', 'Portal Manager'];
export const MODULES = ['tickets', 'time', 'crm', 'billing', 'hr', 'reports', 'settings'];

import type { AccountTable } from './account.table';
import type { AuditLogTable } from './audit-log.table';
import type { ModuleTable, SecurityRoleTable } from './catalog.table';
import type { ConnectionTable } from './connection.table';
import type { ContactTable } from './contact.table';
import type { DirectoryGroupMemberTable, DirectoryUserTable } from './directory.table';
import type { EmployeeDefaultsTable } from './employee-defaults.table';
import type { EmployeeTable } from './employee.table';
import type { DeltaStateTable, GraphSubscriptionTable } from './graph-state.table';
import type { LinkTable } from './link.table';
import type { LoginTable } from './login.table';
import type { MappingRuleTable } from './mapping-rule.table';
import type { OperatorAuditTable } from './operator-audit.table';
import type { OutboxTable } from './outbox.table';
import type { InvoiceTable, TicketTable } from './relational.table';
import type { SyncRunTable } from './sync-run.table';

export interface Database {
  accounts: AccountTable;
  employees: EmployeeTable;
  contacts: ContactTable;
  logins: LoginTable;
  security_roles: SecurityRoleTable;
  modules: ModuleTable;
  employee_defaults: EmployeeDefaultsTable;
  connections: ConnectionTable;
  mapping_rules: MappingRuleTable;
  directory_users: DirectoryUserTable;
  directory_group_members: DirectoryGroupMemberTable;
  links: LinkTable;
  audit_log: AuditLogTable;
  operator_audit: OperatorAuditTable;
  outbox: OutboxTable;
  sync_runs: SyncRunTable;
  graph_subscriptions: GraphSubscriptionTable;
  delta_state: DeltaStateTable;
  tickets: TicketTable;
  invoices: InvoiceTable;
}

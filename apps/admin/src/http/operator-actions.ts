/**
 * Stable names of the admin API's operator actions (X4), by `METHOD /api/path`. A mutating route missing here is
 * still audited, under its method and path; a route may also name itself with `config.operatorAction`.
 */
export const OPERATOR_ACTIONS: Record<string, string> = {
  'POST /api/connections': 'connection.create',
  'POST /api/connections/delegated': 'connection.create-delegated',
  'PATCH /api/connections/:id': 'connection.update',
  'DELETE /api/connections/:id': 'connection.delete',
  'POST /api/connections/:id/sync': 'connection.sync',
  'POST /api/connections/:id/test': 'connection.test',
  'POST /api/connections/:id/rules': 'rule.create',
  'POST /api/connections/:id/rules/preview': 'rule.preview',
  'PATCH /api/rules/:id': 'rule.update',
  'DELETE /api/rules/:id': 'rule.delete',
  'PUT /api/employee-defaults': 'employee-defaults.update',
  'POST /api/accounts': 'account.create',
  'POST /api/employees': 'employee.create',
  'PATCH /api/employees/:id': 'employee.edit',
  'POST /api/contacts': 'contact.create',
  'PATCH /api/contacts/:id': 'contact.edit',
  'POST /api/dead-letters/retry': 'dead-letter.retry-all',
  'POST /api/dead-letters/:id/retry': 'dead-letter.retry',
  'DELETE /api/dead-letters/:id': 'dead-letter.discard',
  'POST /api/confirmations/:id/approve': 'confirmation.approve',
  'POST /api/confirmations/:id/reject': 'confirmation.reject',
  'POST /api/console/session': 'console-session.open',
  'DELETE /api/console/session': 'console-session.close',
};

/** The methods that change state; every route answering one of them is audited. */
export const MUTATING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

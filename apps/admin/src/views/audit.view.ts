import type { AuditEntry as AuditEntryResource } from '@entra-sync/api-contract';
import type { AuditEntry } from '@entra-sync/db';
import type { z } from 'zod';

export const auditView = (e: AuditEntry): z.output<typeof AuditEntryResource> => ({
  id: e.id,
  at: e.at,
  actor: e.actor,
  connectionId: e.connectionId,
  objectId: e.objectId,
  recordKind: e.recordKind,
  recordId: e.recordId,
  ruleId: e.ruleId,
  action: e.action,
  reason: e.reason,
  before: e.before,
  after: e.after,
});

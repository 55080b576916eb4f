import { z } from 'zod';
import { Id, page, pageFields, Timestamp, UuidField } from './primitives';
import { RecordKind } from './rule.schema';

export const AuditQuery = z.object({
  connectionId: UuidField.optional(),
  objectId: z.string().trim().min(1).max(200).optional(),
  recordId: UuidField.optional(),
  ...pageFields,
});

/** S6.4 / B3: one decision or local edit, with only the changed fields as before → after. */
export const AuditEntry = z
  .object({
    id: z.number().int(),
    at: Timestamp,
    actor: z.string(),
    connectionId: Id.nullable(),
    objectId: z.string().nullable(),
    recordKind: RecordKind.nullable(),
    recordId: Id.nullable(),
    ruleId: z.number().int().nullable(),
    action: z.string(),
    reason: z.string(),
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.input<typeof AuditEntry>;

export const AuditPage = page(AuditEntry);

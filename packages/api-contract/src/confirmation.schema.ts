import { z } from 'zod';
import { Id, page, pageFields, Timestamp, UuidField } from './primitives';
import { RecordKind } from './rule.schema';

export const ConfirmationStatus = z.enum(['pending', 'approved', 'rejected', 'withdrawn']);
export type ConfirmationStatus = z.infer<typeof ConfirmationStatus>;

export const RemovalKind = z
  .enum(['deleted', 'disabled', 'out-of-scope'])
  .meta({ description: 'S5.1 deleted in the directory, S5.2 disabled, S5.3 no rule matches any more' });

export const ConfirmationQuery = z.object({
  status: ConfirmationStatus.default('pending'),
  connectionId: UuidField.optional(),
  ...pageFields,
});

/** One person a confirmation holds: who, how they would lose access, and which path found it. */
export const HeldRemoval = z
  .object({
    objectId: z.string(),
    displayName: z.string().nullable(),
    email: z.string().nullable(),
    recordKind: RecordKind,
    recordId: Id,
    removal: RemovalKind,
    reason: z.string(),
    source: z.string().meta({ description: 'notification, delta, group-change, full-sync, rule-change, …' }),
    runId: Id.nullable(),
    heldAt: Timestamp,
    appliedAt: Timestamp.nullable(),
  })
  .meta({ id: 'HeldRemoval' });
export type HeldRemoval = z.input<typeof HeldRemoval>;

/** S8: removals above the connection's limit within the window, waiting for an operator. */
export const Confirmation = z
  .object({
    id: Id,
    connectionId: Id,
    connectionName: z.string(),
    status: ConfirmationStatus,
    source: z.string().meta({ description: 'the path whose removals crossed the limit' }),
    runId: Id.nullable().meta({ description: 'the full sync run that opened it, if one did' }),
    count: z.number().int().meta({ description: 'people it would remove: name this count to approve' }),
    windowRemovals: z.number().int().meta({ description: 'removals already applied in the window' }),
    synced: z.number().int().meta({ description: "the connection's synced users the limit is a share of" }),
    openedAt: Timestamp,
    decidedAt: Timestamp.nullable(),
    decidedBy: z.string().nullable(),
    decidedCount: z.number().int().nullable(),
    removals: z.array(HeldRemoval),
  })
  .meta({ id: 'Confirmation' });
export type Confirmation = z.input<typeof Confirmation>;

export const ConfirmationPage = page(Confirmation);

/** Approve or reject what the operator saw: the count must still be the confirmation's, or 409. */
export const ConfirmationDecisionBody = z.strictObject({
  count: z.number({ message: 'must be the number of people you saw' }).int().min(0),
});

export const ConfirmationDecided = z
  .object({ confirmation: Confirmation, applied: z.number().int() })
  .meta({ id: 'ConfirmationDecided' });
export type ConfirmationDecided = z.input<typeof ConfirmationDecided>;

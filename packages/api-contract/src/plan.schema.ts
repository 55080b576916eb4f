import { z } from 'zod';
import { Id } from './primitives';
import { RecordKind } from './rule.schema';

const text = z.string().nullable();

/** A record a plan touches: `id` null for the record the plan would create. */
const RecordRef = z.object({ kind: RecordKind, id: Id.nullable() });

const LoginState = z.object({
  username: z.string(),
  enabled: z.boolean(),
  role: z.string().nullable(),
  modules: z.array(z.string()),
});

/** The mapped fields a plan writes (S2.1); employees add department, location and time zone. */
const RecordFields = z.object({
  firstName: text,
  lastName: text,
  email: text,
  officePhone: text,
  mobilePhone: text,
  jobTitle: text,
  department: text.optional(),
  location: text.optional(),
  timeZone: text.optional(),
});

const reason = z.string().meta({ description: 'the SPEC rule behind the step' });

/** One step of a plan, as explain and preview show it (the audit log gets the same reason). */
export const PlanOp = z
  .union([
    z.object({ type: z.literal('create'), kind: RecordKind, fields: RecordFields, reason }),
    z.object({
      type: z.literal('update'),
      record: RecordRef,
      changes: RecordFields.partial(),
      accountId: Id.optional().meta({ description: "contacts: the rule's account when it moves (S1.3)" }),
      reason,
    }),
    z.object({
      type: z.literal('archive'),
      record: RecordRef,
      username: text.meta({ description: '<username>_Archived[N]; null without a login' }),
      email: text.meta({ description: '<email>_Archived[N]; null without an e-mail' }),
      reason,
    }),
    z.object({
      type: z.literal('setAccess'),
      record: RecordRef,
      access: z.object({ portalAccess: z.boolean(), login: LoginState.nullable() }),
      reason,
    }),
    z.object({
      type: z.enum(['merge', 'deactivate', 'reactivate', 'removePortalLogin', 'link']),
      record: RecordRef,
      reason,
    }),
    z.object({ type: z.literal('conflict'), recordId: Id.nullable(), reason }),
    z.object({ type: z.enum(['error', 'noop']), reason }),
  ])
  .meta({ id: 'PlanOp' });
export type PlanOp = z.input<typeof PlanOp>;

export const PlanOutcome = z.enum(['changed', 'unchanged', 'stale', 'conflict', 'error']);

/** What a sync would do for one directory user: the winning rule (S1.2), why, and the steps. */
export const PlanView = z.object({
  outcome: PlanOutcome,
  winningRuleId: z.number().int().nullable(),
  precedence: z.string(),
  ops: z.array(PlanOp),
});
export type PlanView = z.input<typeof PlanView>;

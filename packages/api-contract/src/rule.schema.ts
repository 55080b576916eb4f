import { z } from 'zod';
import { Id, page, pageFields, Timestamp } from './primitives';

const name = z.string().trim().min(1).max(100);
export const RecordKind = z.enum(['employee', 'contact']);

/** CONTRACT.md rule body. */
export const ruleFields = {
  groupId: z.string().trim().min(1).max(200),
  order: z.number().int().min(-1_000_000).max(1_000_000),
  target: z.enum(['employee', 'contact'], { message: "must be 'employee' or 'contact'" }),
  accountId: z.string().trim().min(1).nullable().optional(),
  securityRole: name.nullable().optional(),
  modules: z.array(name).max(50).optional(),
  portalAccess: z.boolean().optional(),
  portalRole: name.nullable().optional(),
  transitive: z.boolean().optional(),
};

export const RuleCreateBody = z.strictObject(ruleFields);
export type RuleFields = z.input<typeof RuleCreateBody>;
export const RulePatchBody = z.strictObject(ruleFields).partial();
export const RulePreviewBody = z.strictObject({
  rules: z
    .array(z.strictObject({ id: z.number().int().positive().optional(), ...ruleFields }))
    .max(500)
    .meta({ description: 'the whole proposed rule set; `id` keeps an existing rule (and its age, S1.2)' }),
});

/** A stored mapping rule (S0). */
export const Rule = z
  .object({
    id: z.number().int(),
    connectionId: Id,
    groupId: z.string(),
    order: z.number().int(),
    target: RecordKind,
    accountId: z.string().nullable(),
    securityRole: z.string().nullable(),
    modules: z.array(z.string()),
    portalAccess: z.boolean(),
    portalRole: z.string().nullable(),
    transitive: z.boolean(),
    createdAt: Timestamp,
  })
  .meta({ id: 'Rule' });
export type Rule = z.input<typeof Rule>;

export const RulePage = page(Rule);
export const RuleListQuery = z.object(pageFields);

/** A4: a saved rule answers with the sync run that re-evaluates its connection (null when disabled). */
export const RuleSaved = Rule.extend({ syncRunId: Id.nullable() });
export type RuleSaved = z.input<typeof RuleSaved>;
export const RuleDeleted = z.object({
  id: z.number().int(),
  deleted: z.literal(true),
  syncRunId: Id.nullable(),
});

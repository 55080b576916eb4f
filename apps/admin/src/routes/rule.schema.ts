import { z } from 'zod';

const name = z.string().trim().min(1).max(100);

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

export const createRuleBody = z.strictObject(ruleFields);
export const patchRuleBody = z.strictObject(ruleFields).partial();
export const previewBody = z.strictObject({
  rules: z.array(z.strictObject({ id: z.number().int().positive().optional(), ...ruleFields })).max(500),
});

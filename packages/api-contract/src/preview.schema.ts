import { z } from 'zod';
import { PlanView } from './plan.schema';
import { Id } from './primitives';
import { Rule } from './rule.schema';

const count = z.number().int();

/** Users per kind of change (a user counts once per kind). */
export const PreviewSummary = z.object({
  created: count,
  merged: count,
  updated: count,
  archived: count,
  deactivated: count,
  reactivated: count,
  accessChanged: count.meta({ description: 'logins granted, changed or removed; portal logins removed' }),
  conflicts: count,
  errors: count,
  unchanged: count,
});

const previewedUser = {
  objectId: z.string(),
  userPrincipalName: z.string().nullable(),
  email: z.string().nullable(),
};

/** One user whose records would change, or whose plan failed. */
export const PreviewUser = z.union([
  z.object({ ...previewedUser, ...PlanView.shape }),
  z.object({ ...previewedUser, outcome: z.literal('error'), error: z.string().nullable() }),
]);
export type PreviewUser = z.input<typeof PreviewUser>;

/** POST /connections/:id/rules/preview: what a sync with this rule set would do (A8), nothing written. */
export const PreviewResult = z
  .object({
    connectionId: Id,
    rules: z.array(Rule),
    evaluated: count,
    fromGraph: count,
    summary: PreviewSummary,
    users: z.array(PreviewUser),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'PreviewResult' });
export type PreviewResult = z.input<typeof PreviewResult>;

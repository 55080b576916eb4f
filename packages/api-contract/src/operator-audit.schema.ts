import { z } from 'zod';
import { page, pageFields, Timestamp } from './primitives';

export const OperatorAuditQuery = z.object({
  action: z.string().trim().min(1).max(200).optional(),
  actor: z.string().trim().min(1).max(200).optional(),
  /** entries at or after this time */
  since: Timestamp.optional(),
  ...pageFields,
});

/** X3: one operator action through the admin API — who, what, on what, with which outcome, when, from where. */
export const OperatorAction = z
  .object({
    id: z.number().int(),
    at: Timestamp,
    actor: z.string().meta({ description: 'the signed-in operator, or `admin-token` for automation' }),
    action: z.string().meta({ description: 'a stable name: `connection.sync`, `dead-letter.retry`…' }),
    method: z.string(),
    target: z.string().meta({ description: 'the request path it acted on, ids included' }),
    status: z.number().int().meta({ description: 'the HTTP status it ended with (refusals are kept too)' }),
    sourceAddress: z.string(),
    detail: z.record(z.string(), z.unknown()).meta({
      description: 'names of the fields sent (never their values), query, and what the route noted',
    }),
  })
  .meta({ id: 'OperatorAction' });
export type OperatorAction = z.input<typeof OperatorAction>;

export const OperatorAuditPage = page(OperatorAction);

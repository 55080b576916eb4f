import { z } from 'zod';

/** A field the request named wrongly (400 `validation`) or that cannot be applied (422 `invalid`). */
export const FieldError = z.object({ field: z.string(), message: z.string() });

/**
 * RFC 9457 problem details, every error of the API (`application/problem+json`). `type` is
 * `urn:entra-sync:problem:<kind>`; extensions carry what a script needs (A7).
 */
export const Problem = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(FieldError).optional().meta({ description: 'validation and invalid: each field' }),
    code: z.string().optional().meta({ description: 'the Entra / Graph error code (AADSTS…)' }),
    failureKind: z.string().optional().meta({ description: 'G1 classification of a Graph failure' }),
  })
  .meta({ id: 'Problem' });
export type Problem = z.input<typeof Problem>;

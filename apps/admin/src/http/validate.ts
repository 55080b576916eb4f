import type { z } from 'zod';
import { problem, ProblemError } from './problem';

type Part = 'body' | 'query' | 'params';

/** zod at the edge: a 400 problem naming each failing field (`body.clientSecret: …`). */
export function parse<S extends z.ZodType>(schema: S, value: unknown, part: Part): z.output<S> {
  const result = schema.safeParse(value ?? (part === 'body' ? undefined : {}));
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const path = [part, ...issue.path.map(String)].join('.');
    return {
      field: keys.length === 1 ? `${path}.${keys[0]}` : path,
      message:
        issue.code === 'unrecognized_keys'
          ? `unknown field${keys.length > 1 ? 's' : ''} ${keys.join(', ')}`
          : issue.message,
    };
  });
  throw new ProblemError(
    problem(400, 'validation', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors }),
  );
}

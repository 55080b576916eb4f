import { z } from 'zod';
import { Id } from './primitives';
import { RecordKind } from './rule.schema';

export const LoginQuery = z.object({ username: z.string().trim().min(1).max(100) });

/** GET /logins?username=: one person's login, found case-insensitively (S0: one person, one login). */
export const Login = z
  .object({
    username: z.string(),
    kind: RecordKind,
    recordId: Id,
    enabled: z.boolean(),
    role: z.string().nullable(),
    modules: z.array(z.string()),
  })
  .meta({ id: 'Login' });
export type Login = z.input<typeof Login>;

import { type z } from 'zod';
import { EnvError } from './env-error';

/**
 * Parses the environment once, at start-up. Empty strings count as unset, so `FOO= npm start`
 * gets the default rather than a confusing validation error.
 */
export function loadEnv<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.output<S> {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.map(String).join('.') || '(environment)';
    const missing = issue.code === 'invalid_type' && !(variable in cleaned);
    return { variable, message: missing ? 'is required' : issue.message };
  });
  throw new EnvError(problems);
}

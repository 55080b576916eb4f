import { z } from 'zod';

/** W6: the console's session for the queue dashboard (the cookie travels in `set-cookie`). */
export const ConsoleSession = z.object({
  dashboard: z.string().meta({ description: 'where the cookie is valid: the queue dashboard' }),
  expiresInSeconds: z.number().int(),
});
export type ConsoleSession = z.input<typeof ConsoleSession>;

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AdminContext } from '../context';
import { invalidProblem } from '../http/outcome-problems';
import { sendProblem } from '../http/problem';
import { parse } from '../http/validate';
import { readDefaults, saveDefaults } from '../services/defaults.service';

const value = z.string().trim().min(1).max(200).nullable().default(null);
const timeZone = value.refine(
  (tz) => tz === null || isTimeZone(tz),
  'must be an IANA time zone, e.g. Europe/Berlin',
);

/** PUT replaces every default: a field left out is cleared. */
const defaultsBody = z.strictObject({
  firstName: value,
  lastName: value,
  department: value,
  location: value,
  timeZone,
  securityRole: value,
  modules: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
});

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function employeeDefaultsRoutes(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/employee-defaults', async () => readDefaults(ctx.db));

  app.put('/employee-defaults', async (request, reply) => {
    const outcome = await saveDefaults(ctx, parse(defaultsBody, request.body, 'body'));
    switch (outcome.kind) {
      case 'saved':
        return { ...outcome.defaults, syncRunIds: outcome.syncRunIds };
      case 'invalid':
        return sendProblem(reply, invalidProblem(outcome.problems));
    }
  });
}

import { EmployeeDefaults, EmployeeDefaultsBody, EmployeeDefaultsSaved } from '@entra-sync/api-contract';
import type { AdminContext } from '../context';
import type { Api } from '../http/api-instance';
import { invalidProblem } from '../http/outcome-problems';
import { sendProblem } from '../http/problem';
import { parse } from '../http/validate';
import { readDefaults, saveDefaults } from '../services/defaults.service';

export function employeeDefaultsRoutes(app: Api, ctx: AdminContext): void {
  const read = { summary: 'The employee defaults (S2.3)', response: { 200: EmployeeDefaults } };
  app.get('/employee-defaults', { schema: read }, async () => readDefaults(ctx.db));

  const save = {
    summary: 'Replace every default (a field left out is cleared; D19: re-evaluates)',
    body: EmployeeDefaultsBody,
    response: { 200: EmployeeDefaultsSaved },
  };
  app.put('/employee-defaults', { schema: save }, async (request, reply) => {
    const outcome = await saveDefaults(ctx, parse(EmployeeDefaultsBody, request.body, 'body'));
    switch (outcome.kind) {
      case 'saved':
        return { ...outcome.defaults, syncRunIds: outcome.syncRunIds };
      case 'invalid':
        return sendProblem(reply, invalidProblem(outcome.problems));
    }
  });
}

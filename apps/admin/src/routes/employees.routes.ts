import type { FastifyInstance, FastifyReply } from 'fastify';
import { getEmployee, listEmployees } from '@entra-sync/db';
import type { AdminContext } from '../context';
import { conflictProblem, invalidProblem } from '../http/outcome-problems';
import { offsetOf, offsetPage } from '../http/pagination';
import { uuidParam } from '../http/params';
import { notFound, sendProblem } from '../http/problem';
import { parse } from '../http/validate';
import { addEmployee, editEmployee, type EmployeeWriteOutcome } from '../services/employee.service';
import { employeeView } from '../views/record.view';
import { employeeCreateBody, employeePatchBody, employeeQuery } from './record.schema';

export function employeeRoutes(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/employees', async (request) => {
    const { limit, cursor, accountId: _none, ...filters } = parse(employeeQuery, request.query, 'query');
    const offset = offsetOf(cursor);
    const rows = await listEmployees(ctx.db, { ...filters, offset, limit: limit + 1 });
    return offsetPage(rows.map(employeeView), offset, limit);
  });

  app.post('/employees', async (request, reply) => {
    const outcome = await addEmployee(ctx.db, parse(employeeCreateBody, request.body, 'body'));
    return send(reply, outcome, 'new', 201);
  });

  app.get('/employees/:id', async (request, reply) => {
    const id = uuidParam(request, 'employee');
    const employee = await getEmployee(ctx.db, id);
    return employee ? employeeView(employee) : sendProblem(reply, notFound('employee', id));
  });

  app.patch('/employees/:id', async (request, reply) => {
    const id = uuidParam(request, 'employee');
    const outcome = await editEmployee(ctx.db, id, parse(employeePatchBody, request.body ?? {}, 'body'));
    return send(reply, outcome, id, 200);
  });
}

function send(reply: FastifyReply, outcome: EmployeeWriteOutcome, id: string, status: 200 | 201) {
  switch (outcome.kind) {
    case 'saved':
      if (status === 201) reply.header('location', `/api/employees/${outcome.employee.id}`);
      return reply.code(status).send(employeeView(outcome.employee));
    case 'not-found':
      return sendProblem(reply, notFound('employee', id));
    case 'invalid':
      return sendProblem(reply, invalidProblem(outcome.problems));
    case 'username-taken':
      return sendProblem(
        reply,
        conflictProblem(
          'username-taken',
          `The username ${outcome.username} is held by another login (any case).`,
        ),
      );
  }
}

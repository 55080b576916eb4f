import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AdminContext } from '../context';
import { problem, sendProblem } from '../http/problem';
import { parse } from '../http/validate';
import { explain } from '../services/explain.service';

const query = z.object({ email: z.string().trim().min(3).max(320) });

export function explainRoutes(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/explain', async (request, reply) => {
    const { email } = parse(query, request.query, 'query');
    const explanation = await explain(ctx.db, email, ctx.clock());
    if (!explanation)
      return sendProblem(
        reply,
        problem(404, 'not-found', `Nobody with the e-mail ${email} in the directory mirror or the records.`),
      );
    return explanation;
  });
}

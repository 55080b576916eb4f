import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { findLoginByUsername } from '@entra-sync/db';
import type { AdminContext } from '../context';
import { problem, sendProblem } from '../http/problem';
import { parse } from '../http/validate';

const query = z.object({ username: z.string().trim().min(1).max(100) });

export function loginRoutes(app: FastifyInstance, ctx: AdminContext): void {
  // One person, one login (S0): the answer is the login, case-insensitive, or 404.
  app.get('/logins', async (request, reply) => {
    const { username } = parse(query, request.query, 'query');
    const login = await findLoginByUsername(ctx.db, username);
    if (!login) return sendProblem(reply, problem(404, 'not-found', `No login with username ${username}.`));
    return {
      username: login.username,
      kind: login.kind,
      recordId: login.recordId,
      enabled: login.enabled,
      role: login.role,
      modules: [...login.modules],
    };
  });
}

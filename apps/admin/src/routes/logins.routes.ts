import { Login, LoginQuery } from '@entra-sync/api-contract';
import { findLoginByUsername } from '@entra-sync/db';
import type { AdminContext } from '../context';
import type { Api } from '../http/api-instance';
import { problem, sendProblem } from '../http/problem';
import { parse } from '../http/validate';

export function loginRoutes(app: Api, ctx: AdminContext): void {
  // One person, one login (S0): the answer is the login, case-insensitive, or 404.
  const find = {
    summary: 'The login with this username (any case)',
    querystring: LoginQuery,
    response: { 200: Login },
  };
  app.get('/logins', { schema: find }, async (request, reply) => {
    const { username } = parse(LoginQuery, request.query, 'query');
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

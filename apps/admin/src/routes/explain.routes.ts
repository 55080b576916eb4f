import { Explanation, ExplainQuery } from '@entra-sync/api-contract';
import type { AdminContext } from '../context';
import type { Api } from '../http/api-instance';
import { problem, sendProblem } from '../http/problem';
import { parse } from '../http/validate';
import { explain } from '../services/explain.service';

export function explainRoutes(app: Api, ctx: AdminContext): void {
  const why = {
    summary: 'Why this person has the record and access they have (A8)',
    querystring: ExplainQuery,
    response: { 200: Explanation },
  };
  app.get('/explain', { schema: why }, async (request, reply) => {
    const { email } = parse(ExplainQuery, request.query, 'query');
    const explanation = await explain(ctx.db, email, ctx.clock());
    if (!explanation)
      return sendProblem(
        reply,
        problem(404, 'not-found', `Nobody with the e-mail ${email} in the directory mirror or the records.`),
      );
    return explanation;
  });
}

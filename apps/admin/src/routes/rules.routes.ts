import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { getRule } from '@entra-sync/db';
import type { AdminContext } from '../context';
import { graphProblem, invalidProblem } from '../http/outcome-problems';
import { pageFields, slicePage } from '../http/pagination';
import { intParam, uuidParam } from '../http/params';
import { notFound, problem, sendProblem } from '../http/problem';
import { parse } from '../http/validate';
import { previewRules } from '../services/preview.service';
import { addRule, changeRule, removeRule, rulesOf, type RuleWriteOutcome } from '../services/rule.service';
import { ruleView } from '../views/rule.view';
import { createRuleBody, patchRuleBody, previewBody } from './rule.schema';

const listQuery = z.object(pageFields);

export function ruleRoutes(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/connections/:id/rules', async (request, reply) => {
    const id = uuidParam(request, 'connection');
    const query = parse(listQuery, request.query, 'query');
    const rules = await rulesOf(ctx.db, id);
    if (!rules) return sendProblem(reply, notFound('connection', id));
    // S1.2 precedence order
    return slicePage(rules.map(ruleView), query.cursor, query.limit);
  });

  app.post('/connections/:id/rules', async (request, reply) => {
    const id = uuidParam(request, 'connection');
    const outcome = await addRule(ctx, id, parse(createRuleBody, request.body, 'body'));
    return sendRuleOutcome(reply, outcome, id, 201);
  });

  app.post('/connections/:id/rules/preview', async (request, reply) => {
    const id = uuidParam(request, 'connection');
    const body = parse(previewBody, request.body, 'body');
    const outcome = await previewRules(ctx, id, body.rules, ctx.clock());
    switch (outcome.kind) {
      case 'preview':
        return outcome.result;
      case 'not-found':
        return sendProblem(reply, notFound('connection', id));
      case 'invalid':
        return sendProblem(reply, invalidProblem(outcome.problems));
    }
  });

  app.get('/rules/:id', async (request, reply) => {
    const id = intParam(request, 'rule');
    const rule = await getRule(ctx.db, id);
    return rule ? ruleView(rule) : sendProblem(reply, notFound('rule', id));
  });

  app.patch('/rules/:id', async (request, reply) => {
    const id = intParam(request, 'rule');
    const outcome = await changeRule(ctx, id, parse(patchRuleBody, request.body ?? {}, 'body'));
    return sendRuleOutcome(reply, outcome, id, 200);
  });

  app.delete('/rules/:id', async (request, reply) => {
    const id = intParam(request, 'rule');
    const outcome = await removeRule(ctx, id);
    switch (outcome.kind) {
      case 'deleted':
        return { id, deleted: true, syncRunId: outcome.syncRunId };
      case 'not-found':
        return sendProblem(reply, notFound('rule', id));
    }
  });
}

/** A saved rule answers with the sync run that re-evaluates its connection's users (null when disabled). */
function sendRuleOutcome(
  reply: FastifyReply,
  outcome: RuleWriteOutcome,
  id: string | number,
  status: 200 | 201,
) {
  switch (outcome.kind) {
    case 'saved':
      if (status === 201) reply.header('location', `/api/rules/${outcome.rule.id}`);
      return reply.code(status).send({ ...ruleView(outcome.rule), syncRunId: outcome.syncRunId });
    case 'not-found':
      return sendProblem(reply, notFound(outcome.what, id));
    case 'invalid':
      return sendProblem(reply, invalidProblem(outcome.problems));
    case 'group-not-found':
      return sendProblem(
        reply,
        problem(
          422,
          'group-not-found',
          `S7.4: group ${outcome.groupId} does not exist in the connection's tenant.`,
          {
            errors: [{ field: 'groupId', message: 'no such group in the tenant' }],
          },
        ),
      );
    case 'graph-unavailable':
      return sendProblem(reply, graphProblem(outcome.failure));
  }
}

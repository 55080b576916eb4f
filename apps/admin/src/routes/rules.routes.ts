import type { FastifyReply } from 'fastify';
import {
  PreviewResult,
  Rule,
  RuleCreateBody,
  RuleDeleted,
  RuleListQuery,
  RulePage,
  RulePatchBody,
  RulePreviewBody,
  RuleSaved,
} from '@entra-sync/api-contract';
import { getRule } from '@entra-sync/db';
import type { AdminContext } from '../context';
import type { Api } from '../http/api-instance';
import { graphProblem, invalidProblem } from '../http/outcome-problems';
import { slicePage } from '../http/pagination';
import { intParam, uuidParam } from '../http/params';
import { notFound, problem, sendProblem } from '../http/problem';
import { parse } from '../http/validate';
import { previewRules } from '../services/preview.service';
import { addRule, changeRule, removeRule, rulesOf, type RuleWriteOutcome } from '../services/rule.service';
import { ruleView } from '../views/rule.view';

export function ruleRoutes(app: Api, ctx: AdminContext): void {
  const list = {
    summary: "A connection's rules in S1.2 order",
    querystring: RuleListQuery,
    response: { 200: RulePage },
  };
  app.get('/connections/:id/rules', { schema: list }, async (request, reply) => {
    const id = uuidParam(request, 'connection');
    const query = parse(RuleListQuery, request.query, 'query');
    const rules = await rulesOf(ctx.db, id);
    if (!rules) return sendProblem(reply, notFound('connection', id));
    // S1.2 precedence order
    return slicePage(rules.map(ruleView), query.cursor, query.limit);
  });

  const create = {
    summary: 'Add a rule (A4: re-evaluates)',
    body: RuleCreateBody,
    response: { 201: RuleSaved },
  };
  app.post('/connections/:id/rules', { schema: create }, async (request, reply) => {
    const id = uuidParam(request, 'connection');
    const outcome = await addRule(ctx, id, parse(RuleCreateBody, request.body, 'body'));
    return sendRuleOutcome(reply, outcome, id, 201);
  });

  const preview = {
    summary: 'What a sync with this rule set would do (A8), nothing written',
    body: RulePreviewBody,
    response: { 200: PreviewResult },
  };
  app.post('/connections/:id/rules/preview', { schema: preview }, async (request, reply) => {
    const id = uuidParam(request, 'connection');
    const body = parse(RulePreviewBody, request.body, 'body');
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

  app.get(
    '/rules/:id',
    { schema: { summary: 'One rule', response: { 200: Rule } } },
    async (request, reply) => {
      const id = intParam(request, 'rule');
      const rule = await getRule(ctx.db, id);
      return rule ? ruleView(rule) : sendProblem(reply, notFound('rule', id));
    },
  );

  const patch = {
    summary: 'Change a rule (A4: re-evaluates)',
    body: RulePatchBody,
    response: { 200: RuleSaved },
  };
  app.patch('/rules/:id', { schema: patch }, async (request, reply) => {
    const id = intParam(request, 'rule');
    const outcome = await changeRule(ctx, id, parse(RulePatchBody, request.body ?? {}, 'body'));
    return sendRuleOutcome(reply, outcome, id, 200);
  });

  const remove = { summary: 'Delete a rule (A4: re-evaluates)', response: { 200: RuleDeleted } };
  app.delete('/rules/:id', { schema: remove }, async (request, reply) => {
    const id = intParam(request, 'rule');
    const outcome = await removeRule(ctx, id);
    switch (outcome.kind) {
      case 'deleted':
        return { id, deleted: true as const, syncRunId: outcome.syncRunId };
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
    case 'not-staff-tenant':
      return sendProblem(
        reply,
        problem(
          422,
          'not-staff-tenant',
          `S3.4: connection ${outcome.connectionId} is not marked as the staff tenant, so it may not sync employees. ` +
            'Mark it first (PATCH /api/connections/:id {"staffTenant": true}, or `entra-sync connection set ' +
            "<connection> --staff-tenant`) if it is the MSP's own directory; a customer tenant maps to contacts.",
          {
            errors: [
              {
                field: 'target',
                message:
                  'employee rules need a connection marked as the staff tenant (Connections: Mark as staff tenant)',
              },
            ],
          },
        ),
      );
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

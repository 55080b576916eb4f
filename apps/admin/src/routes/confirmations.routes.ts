import {
  ConfirmationDecided,
  ConfirmationDecisionBody,
  ConfirmationPage,
  ConfirmationQuery,
} from '@entra-sync/api-contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AdminContext } from '../context';
import { TOKEN_ACTOR, type Actor } from '../http/actor';
import type { Api } from '../http/api-instance';
import { slicePage } from '../http/pagination';
import { uuidParam } from '../http/params';
import { noteOperatorDetail } from '../http/operator-audit';
import { notFound, problem, sendProblem } from '../http/problem';
import { parse } from '../http/validate';
import { confirmationsOf, decide } from '../services/confirmation.service';

/** S8: removals held above a connection's limit, and the operator's decision on them. */
export function confirmationRoutes(app: Api, ctx: AdminContext): void {
  const list = {
    summary: 'Pending S8 decisions: who would lose access, how, and how many',
    querystring: ConfirmationQuery,
    response: { 200: ConfirmationPage },
  };
  app.get('/confirmations', { schema: list }, async (request) => {
    const { limit, cursor, ...query } = parse(ConfirmationQuery, request.query, 'query');
    return slicePage(await confirmationsOf(ctx.db, query), cursor, limit);
  });

  for (const decision of ['approve', 'reject'] as const) {
    const schema = {
      summary:
        decision === 'approve'
          ? 'Approve the held removals (body names the count seen; 409 when it changed)'
          : 'Reject the held removals: access stays (body names the count seen; 409 when it changed)',
      body: ConfirmationDecisionBody,
      response: { 200: ConfirmationDecided },
    };
    app.post(`/confirmations/:id/${decision}`, { schema }, async (request, reply) =>
      decideRoute(ctx, request, reply, decision),
    );
  }
}

async function decideRoute(
  ctx: AdminContext,
  request: FastifyRequest,
  reply: FastifyReply,
  decision: 'approve' | 'reject',
) {
  const id = uuidParam(request, 'confirmation');
  const { count } = parse(ConfirmationDecisionBody, request.body ?? {}, 'body');
  noteOperatorDetail(request, { countSeen: count });
  const outcome = await decide(ctx.db, {
    id,
    decision,
    count,
    actor: auditName(request.actor ?? TOKEN_ACTOR),
  });
  switch (outcome.kind) {
    case 'decided':
      return { confirmation: outcome.confirmation, applied: outcome.applied };
    case 'not-found':
      return sendProblem(reply, notFound('confirmation', id));
    case 'not-pending':
      return sendProblem(
        reply,
        problem(409, 'confirmation-decided', `Confirmation ${id} is ${outcome.status}, no longer pending.`, {
          confirmationStatus: outcome.status,
        }),
      );
    case 'count-changed':
      return sendProblem(
        reply,
        problem(
          409,
          'confirmation-count-changed',
          `The count changed: confirmation ${id} now holds ${outcome.count} people, not the ${outcome.seen} you saw. ` +
            'Review the list again and name the new count.',
          { count: outcome.count, seen: outcome.seen },
        ),
      );
  }
}

/** The audit log's actor: `admin-api` for the admin token (as local edits record it), else the signed-in operator. */
const auditName = (actor: Actor): string =>
  actor.kind === 'token' ? 'admin-api' : `operator:${actor.username ?? actor.name}`;

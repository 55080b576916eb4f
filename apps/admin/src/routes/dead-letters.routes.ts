import {
  DeadLetterListQuery,
  DeadLetterPage,
  DeadLetterRetried,
  DeadLetterRetryAllQuery,
  DeadLettersRetried,
  NoContent,
} from '@entra-sync/api-contract';
import { z } from 'zod';
import {
  discardDeadLetter,
  listDeadLetters,
  queueKeyOf,
  retryAllDeadLetters,
  retryDeadLetter,
  catalog,
  queueKeys,
} from '@entra-sync/queues';
import type { AdminContext } from '../context';
import type { Api } from '../http/api-instance';
import { noteOperatorDetail } from '../http/operator-audit';
import { offsetOf, offsetPage } from '../http/pagination';
import { notFound, sendProblem } from '../http/problem';
import { parse } from '../http/validate';

const queueName = z
  .string()
  .trim()
  .transform((name, ctx) => {
    const key = queueKeyOf(name);
    if (!key)
      ctx.addIssue({
        code: 'custom',
        message: `unknown queue; one of ${queueKeys.map((k) => catalog[k].name).join(', ')}`,
      });
    return key ?? undefined;
  });
// the contract names a queue as text; here it must be one of the catalog's
const listQuery = DeadLetterListQuery.extend({ queue: queueName.optional() });
const retryAllQuery = DeadLetterRetryAllQuery.extend({ queue: queueName.optional() });

/** Dead letters are BullMQ's failed set (Q2); ids are `<queue>~<jobId>`. */
export function deadLetterRoutes(app: Api, ctx: AdminContext): void {
  const list = {
    summary: 'Dead letters, newest failure first (Q2)',
    querystring: DeadLetterListQuery,
    response: { 200: DeadLetterPage },
  };
  app.get('/dead-letters', { schema: list }, async (request) => {
    const { limit, cursor, queue } = parse(listQuery, request.query, 'query');
    const offset = offsetOf(cursor);
    const items = await listDeadLetters(ctx.producer, {
      ...(queue ? { queue } : {}),
      offset,
      limit: limit + 1,
    });
    return offsetPage(items, offset, limit);
  });

  const retryAll = {
    summary: 'Retry every dead letter (of one queue)',
    querystring: DeadLetterRetryAllQuery,
    response: { 200: DeadLettersRetried },
  };
  app.post('/dead-letters/retry', { schema: retryAll }, async (request) => {
    const { queue } = parse(retryAllQuery, request.query, 'query');
    const retried = await retryAllDeadLetters(ctx.producer, queue);
    noteOperatorDetail(request, { retried, ...(queue ? { queue: catalog[queue].name } : {}) });
    return { retried };
  });

  const retry = { summary: 'Retry one dead letter', response: { 200: DeadLetterRetried } };
  app.post<{ Params: { id: string } }>(
    '/dead-letters/:id/retry',
    { schema: retry },
    async (request, reply) => {
      const { id } = request.params;
      const outcome = await retryDeadLetter(ctx.producer, id);
      switch (outcome) {
        case 'done':
          return { id, retried: true as const };
        case 'not-found':
          return sendProblem(reply, notFound('dead letter', id));
      }
    },
  );

  const discard = { summary: 'Discard one dead letter', response: { 204: NoContent } };
  app.delete<{ Params: { id: string } }>('/dead-letters/:id', { schema: discard }, async (request, reply) => {
    const { id } = request.params;
    const outcome = await discardDeadLetter(ctx.producer, id);
    switch (outcome) {
      case 'done':
        return reply.code(204).send();
      case 'not-found':
        return sendProblem(reply, notFound('dead letter', id));
    }
  });
}

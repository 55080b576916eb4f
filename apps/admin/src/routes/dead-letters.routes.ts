import type { FastifyInstance } from 'fastify';
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
import { offsetOf, offsetPage, pageFields } from '../http/pagination';
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
const listQuery = z.object({ queue: queueName.optional(), ...pageFields });
const retryAllQuery = z.object({ queue: queueName.optional() });

/** Dead letters are BullMQ's failed set (Q2); ids are `<queue>~<jobId>`. */
export function deadLetterRoutes(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/dead-letters', async (request) => {
    const { limit, cursor, queue } = parse(listQuery, request.query, 'query');
    const offset = offsetOf(cursor);
    const items = await listDeadLetters(ctx.producer, {
      ...(queue ? { queue } : {}),
      offset,
      limit: limit + 1,
    });
    return offsetPage(items, offset, limit);
  });

  app.post('/dead-letters/retry', async (request) => {
    const { queue } = parse(retryAllQuery, request.query, 'query');
    return { retried: await retryAllDeadLetters(ctx.producer, queue) };
  });

  app.post<{ Params: { id: string } }>('/dead-letters/:id/retry', async (request, reply) => {
    const { id } = request.params;
    const outcome = await retryDeadLetter(ctx.producer, id);
    switch (outcome) {
      case 'done':
        return { id, retried: true };
      case 'not-found':
        return sendProblem(reply, notFound('dead letter', id));
    }
  });

  app.delete<{ Params: { id: string } }>('/dead-letters/:id', async (request, reply) => {
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

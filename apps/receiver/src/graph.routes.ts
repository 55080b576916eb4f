import type { FastifyBaseLogger, FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import type { Producer } from '@entra-sync/queues';
import type { Metrics } from '@entra-sync/telemetry';
import { planChange } from './notifications/change-plan';
import { ingest, type IngestContext } from './notifications/ingest';
import { planLifecycle } from './notifications/lifecycle-plan';
import { changeCollectionSchema, lifecycleCollectionSchema } from './notifications/notification.schema';
import { isDropped, type IngestResult, type Outcome } from './notifications/outcomes';
import type { SubscriptionCache } from './notifications/subscription-cache';
import { problem, problemErrorHandler, sendProblem } from './problem';
import { limitBySource, type RateLimit } from './rate-limit';

/** Graph batches notifications; 1 MiB is far above a full batch and far below what hurts us. */
export const BODY_LIMIT = 1024 * 1024;

export interface GraphRoutesOptions {
  producer: Producer;
  redis: Redis;
  subscriptions: SubscriptionCache;
  metrics: Metrics;
  deadlineMs: number;
  /** per source address; absent: no limit */
  rateLimit?: RateLimit;
}

type GraphPost = { Querystring: { validationToken?: unknown } };

/** POST /graph/notifications and /graph/lifecycle: the thin HTTP edge (STYLE habit 3). */
export const graphRoutes: FastifyPluginAsync<GraphRoutesOptions> = async (app, options) => {
  // Any content type: the handshake is text/plain, notifications JSON; we parse and validate ourselves.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_request, body, done) =>
    done(null, body),
  );
  app.setErrorHandler(problemErrorHandler);
  if (options.rateLimit) await limitBySource(app, options.rateLimit);

  const context: IngestContext = {
    subscriptions: options.subscriptions,
    redis: options.redis,
    deadlineMs: options.deadlineMs,
  };
  const changes = planChange(options.producer);
  const lifecycle = planLifecycle(options.producer);

  app.post<GraphPost>('/graph/notifications', { bodyLimit: BODY_LIMIT }, async (request, reply) => {
    const input = { validationToken: request.query.validationToken, body: request.body };
    const result = await ingest(input, changeCollectionSchema, changes, context);
    record(result, request.log, options.metrics);
    return answer(reply, result);
  });

  app.post<GraphPost>('/graph/lifecycle', { bodyLimit: BODY_LIMIT }, async (request, reply) => {
    const input = { validationToken: request.query.validationToken, body: request.body };
    const result = await ingest(input, lifecycleCollectionSchema, lifecycle, context);
    record(result, request.log, options.metrics);
    return answer(reply, result);
  });
};

/** The one place results become status codes. */
function answer(reply: FastifyReply, result: IngestResult<Outcome>): FastifyReply {
  switch (result.kind) {
    case 'handshake':
      // Graph wants the decoded token back verbatim, as text/plain, within 10 s.
      return reply
        .code(200)
        .type('text/plain; charset=utf-8')
        .header('x-content-type-options', 'nosniff')
        .send(result.token);
    case 'accepted':
      // dropped notifications are answered like accepted ones, so a forger learns nothing
      return reply.code(202).send();
    case 'invalid':
      return sendProblem(reply, problem(400, result.detail));
    case 'unavailable':
      // 5xx makes Graph redeliver; nothing in this request counts as accepted
      return sendProblem(
        reply.header('retry-after', '5'),
        problem(503, 'The notifications could not be queued; retry later.'),
      );
    default:
      return unreachable(result);
  }
}

function record(result: IngestResult<Outcome>, log: FastifyBaseLogger, metrics: Metrics): void {
  const counter = metrics.notificationsReceived;
  switch (result.kind) {
    case 'handshake':
      log.info('subscription validation handshake answered');
      return;
    case 'invalid':
      counter.inc({ outcome: 'invalid' });
      log.info({ detail: result.detail }, 'notification body rejected');
      return;
    case 'unavailable':
      counter.inc({ outcome: 'unavailable' }, result.notifications);
      log.error(
        { err: result.error, dependency: result.dependency, notifications: result.notifications },
        'notifications not accepted: dependency unavailable (answered 503, Graph redelivers)',
      );
      return;
    case 'accepted':
      for (const outcome of result.outcomes) {
        // the public /metrics says that a notification was dropped, never why (R8); the reason is in the debug log
        const dropped = isDropped(outcome);
        counter.inc({ outcome: dropped ? 'dropped' : outcome.kind });
        if (dropped) log.debug({ outcome }, `notification dropped: ${outcome.kind}`);
      }
      log.debug({ notifications: result.outcomes.length }, 'notifications accepted');
      return;
    default:
      unreachable(result);
  }
}

function unreachable(value: never): never {
  throw new Error(`unhandled result ${JSON.stringify(value)}`);
}

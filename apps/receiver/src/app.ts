import Fastify, { LogController, type FastifyPluginAsync } from 'fastify';
import type { Redis } from 'ioredis';
import type { Db, SecretBox } from '@entra-sync/db';
import type { Producer } from '@entra-sync/queues';
import { LazyChildLogger, type Logger, type Metrics } from '@entra-sync/telemetry';
import { BODY_LIMIT, graphRoutes } from './graph.routes';
import { SubscriptionCache } from './notifications/subscription-cache';
import { probeRoutes } from './probe.routes';
import type { RateLimit } from './rate-limit';
import { problemErrorHandler, problemNotFound } from './problem';

export interface ReceiverOptions {
  /** subscription lookups plus enqueues; default 2 s, inside Graph's 3 s budget */
  deadlineMs?: number;
  /** how long a subscription's clientState and tenant stay cached; default 60 s */
  subscriptionTtlMs?: number;
  /** per dependency in /readyz; default 1 s */
  readyTimeoutMs?: number;
  /** requests to /graph/* per source address (decision R7); absent or false: no limit */
  rateLimit?: RateLimit | false;
  /** Fastify's trustProxy: the proxies whose X-Forwarded-For gives the source address */
  trustProxy?: string[];
}

export interface ReceiverDeps {
  producer: Producer;
  db: Db;
  box: SecretBox;
  logger: Logger;
  metrics: Metrics;
  /** the producer's Redis connection: /readyz pings it, and enqueueing is not tried while it is down */
  redis: Redis;
  options?: ReceiverOptions;
}

/** The receiver's routes as one plugin, so the demo can mount them in its single server. */
export const receiverRoutes: FastifyPluginAsync<ReceiverDeps> = async (app, deps) => {
  const { metrics, options = {} } = deps;
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpRequestDuration.observe(
      { route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  const subscriptions = new SubscriptionCache(deps.db, deps.box, { ttlMs: options.subscriptionTtlMs });
  // a refresh-ahead read still running when the server closes finishes before the caller destroys the pg pool
  app.addHook('onClose', () => subscriptions.idle());
  await app.register(graphRoutes, {
    producer: deps.producer,
    redis: deps.redis,
    subscriptions,
    metrics,
    deadlineMs: options.deadlineMs ?? 2000,
    rateLimit: options.rateLimit || undefined,
  });
  await app.register(probeRoutes, {
    db: deps.db,
    redis: deps.redis,
    metrics,
    readyTimeoutMs: options.readyTimeoutMs,
  });
};

/** A Fastify instance carrying the receiver (not listening yet). */
export function buildReceiver(deps: ReceiverDeps) {
  const app = Fastify({
    loggerInstance: deps.logger,
    // outcomes are logged by the routes and timed by the metrics; a line per request adds nothing
    logController: new LogController({ disableRequestLogging: true }),
    // request.log is made when a request logs, which few do (N13)
    childLoggerFactory: (logger, bindings, options) =>
      new LazyChildLogger(logger as Logger, bindings, options) as unknown as typeof logger,
    bodyLimit: BODY_LIMIT,
    ...(deps.options?.trustProxy === undefined ? {} : { trustProxy: deps.options.trustProxy }),
  });
  app.setErrorHandler(problemErrorHandler);
  app.setNotFoundHandler(problemNotFound);
  void app.register(receiverRoutes, deps);
  return app;
}

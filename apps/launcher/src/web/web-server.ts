import { STATUS_CODES } from 'node:http';
import Fastify, { type FastifyError, LogController } from 'fastify';
import type { Redis } from 'ioredis';
import { adminApi, type AdminDeps } from '@entra-sync/admin';
import { receiverRoutes } from '@entra-sync/receiver';
import type { Metrics } from '@entra-sync/telemetry';

export type WebDeps = AdminDeps & { redis: Redis; metrics: Metrics };

const BODY_LIMIT = 1024 * 1024;

/** RFC 9457 for anything outside the two plugins (which answer their own errors). */
function problem(status: number, detail: string) {
  return { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail };
}

/**
 * `npm start`'s single HTTP server: the receiver's routes (`/graph/*`, `/healthz`, `/readyz`, `/metrics`) beside
 * the admin API (`/api/*`, bearer token), its console (`/`, `/console/`) and bull-board (`/admin/queues`).
 * Each app still starts alone in production.
 */
export async function buildWebServer(deps: WebDeps) {
  const app = Fastify({
    loggerInstance: deps.logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    const detail =
      status >= 500 ? 'The request could not be processed; retry later.' : 'The request was rejected.';
    return reply.code(status).type('application/problem+json').send(problem(status, detail));
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .type('application/problem+json')
      .send(problem(404, `No route for ${request.method} ${request.url.split('?')[0]}.`)),
  );
  const { redis, metrics, ...admin } = deps;
  await app.register(receiverRoutes, {
    producer: deps.producer,
    db: deps.db,
    box: deps.box,
    logger: deps.logger,
    metrics,
    redis,
  });
  await app.register(adminApi, admin);
  return app;
}

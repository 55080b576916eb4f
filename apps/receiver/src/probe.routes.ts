import type { FastifyPluginAsync } from 'fastify';
import type { Redis } from 'ioredis';
import type { Db } from '@entra-sync/db';
import { notReadyDetail, redisReadiness } from '@entra-sync/queues';
import type { Metrics } from '@entra-sync/telemetry';
import { withDeadline } from './notifications/deadline';
import { problem, problemErrorHandler, sendProblem } from './problem';

export interface ProbeRoutesOptions {
  db: Db;
  redis: Redis;
  metrics: Metrics;
  /** each dependency must answer within this */
  readyTimeoutMs?: number;
}

const answers = (work: Promise<unknown>, ms: number) =>
  withDeadline(work, ms, 'readiness check').then(
    () => 'up' as const,
    () => 'down' as const,
  );

/**
 * GET /healthz (the process runs), /readyz (Redis and Postgres answer, and Redis does not evict keys: F10),
 * /metrics (Prometheus text).
 */
export const probeRoutes: FastifyPluginAsync<ProbeRoutesOptions> = async (app, options) => {
  const { db, redis, metrics } = options;
  const timeoutMs = options.readyTimeoutMs ?? 1000;
  app.setErrorHandler(problemErrorHandler);

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const [redisState, postgresState] = await Promise.all([
      redisReadiness(redis, timeoutMs),
      answers(db.selectNoFrom((eb) => eb.lit(1).as('one')).execute(), timeoutMs),
    ]);
    const checks = { redis: redisState.state, postgres: postgresState };
    if (redisState.state === 'up' && postgresState === 'up') return { status: 'ready', checks };
    return sendProblem(reply, problem(503, notReadyDetail(checks, redisState), { checks }));
  });

  app.get('/metrics', async (_request, reply) => {
    const text = await metrics.text();
    return reply.type(metrics.contentType).send(text);
  });
};

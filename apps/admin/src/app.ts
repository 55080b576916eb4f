import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { GraphRequestCounter } from '@entra-sync/graph';
import { notReadyDetail, redisReadiness } from '@entra-sync/queues';
import { createMetrics } from '@entra-sync/telemetry';
import { bullBoard } from './console/bull-board.plugin';
import { ConsoleSessions, consoleSessionRoutes } from './console/console-session';
import { consoleRoutes } from './console/console.routes';
import { QueueHistory, type ConsoleOptions } from './console/queue-history';
import { queueHistoryRoutes } from './console/queue-history.routes';
import type { AdminContext } from './context';
import type { AdminDeps } from './deps';
import { withContract } from './http/api-instance';
import './http/actor';
import { apiGuard } from './http/auth';
import { nulGuard } from './http/nul-guard';
import { operatorAudit } from './http/operator-audit';
import { originGuard } from './http/origin-guard';
import { adminErrorHandler } from './http/error-handler';
import { openApiRoutes } from './http/openapi.routes';
import { problem, sendProblem } from './http/problem';
import { accountRoutes } from './routes/accounts.routes';
import { auditRoutes } from './routes/audit.routes';
import { connectionRoutes } from './routes/connections.routes';
import { confirmationRoutes } from './routes/confirmations.routes';
import { deadLetterRoutes } from './routes/dead-letters.routes';
import { employeeDefaultsRoutes } from './routes/employee-defaults.routes';
import { explainRoutes } from './routes/explain.routes';
import { loginRoutes } from './routes/logins.routes';
import { operatorAuditRoutes } from './routes/operator-audit.routes';
import { oauthApiRoutes, oauthCallbackRoutes } from './routes/oauth.routes';
import { queueRoutes } from './routes/queues.routes';
import { recordRoutes } from './routes/records.routes';
import { ruleRoutes } from './routes/rules.routes';
import { syncRunRoutes } from './routes/sync-runs.routes';
import { GraphAccess } from './services/graph-access';
import { ConsentStates, deriveKey } from './services/oauth-state';
import { EntraSignIn } from './signin/entra-signin.service';
import { signInRoutes } from './signin/signin.routes';
import { SignInTransactions } from './signin/signin-transaction';

export const BODY_LIMIT = 1024 * 1024;
const READY_TIMEOUT_MS = 1000;

/**
 * The admin API as one plugin under `/api`, so the demo can mount it beside the receiver in a single server.
 * Everything below `/api` needs the bearer token and answers errors as problem+json. Beside it: the web console
 * (`/`, `/console/`), bull-board (`/admin/queues`, token or console cookie) and `/oauth/callback` (S7.2).
 */
export const adminApi: FastifyPluginAsync<AdminDeps & ConsoleOptions> = async (app, deps) => {
  if (deps.queuePrefix !== deps.producer.prefix) {
    throw new Error(
      `admin: the producer's queue prefix '${deps.producer.prefix}' is not QUEUE_PREFIX '${deps.queuePrefix}'`,
    );
  }
  const ctx: AdminContext = {
    ...deps,
    graph: new GraphAccess(deps.graphEndpoints, deps.graphCounter),
    clock: deps.now ?? (() => new Date()),
  };
  const sessions = new ConsoleSessions(deriveKey(deps.adminToken, 'console-session'), ctx.clock);
  const states = new ConsentStates(deriveKey(deps.adminToken, 'oauth-state'), ctx.clock);
  const history = new QueueHistory(deps.producer, deps.logger, deps.queueHistory);
  const settings = deps.signIn ?? null;
  const signIn = settings
    ? new EntraSignIn(
        settings,
        new SignInTransactions(deriveKey(deps.adminToken, 'signin'), ctx.clock),
        deps.logger,
      )
    : null;
  app.decorateRequest('actor', null);
  app.addHook('onReady', async () => history.start());
  app.addHook('onClose', async () => history.stop());
  await app.register(
    async (plain) => {
      const api = withContract(plain);
      api.setErrorHandler(adminErrorHandler);
      api.setNotFoundHandler((request, reply) =>
        sendProblem(
          reply,
          problem(404, 'not-found', `No route for ${request.method} ${request.url.split('?')[0]}.`),
        ),
      );
      tolerantJson(api);
      const audit = operatorAudit(api, ctx);
      audit.names();
      audit.record();
      api.addHook('onRequest', originGuard(deps.publicUrl));
      api.addHook('onRequest', apiGuard(deps.adminToken, sessions));
      api.addHook('preHandler', nulGuard);
      openApiRoutes(api);
      for (const routes of [
        connectionRoutes,
        syncRunRoutes,
        ruleRoutes,
        employeeDefaultsRoutes,
        accountRoutes,
        recordRoutes,
        loginRoutes,
        auditRoutes,
        operatorAuditRoutes,
        explainRoutes,
        queueRoutes,
        deadLetterRoutes,
        confirmationRoutes,
      ])
        routes(api, ctx);
      oauthApiRoutes(api, ctx, states);
      consoleSessionRoutes(api, sessions);
      queueHistoryRoutes(api, history);
    },
    { prefix: '/api' },
  );
  await app.register(async (root) => {
    root.setErrorHandler(adminErrorHandler);
    oauthCallbackRoutes(root, ctx, states);
    signInRoutes(root, { settings, signIn, sessions });
    await consoleRoutes(root);
    await bullBoard(root, {
      producer: deps.producer,
      adminToken: deps.adminToken,
      sessions,
      ...(deps.publicUrl ? { publicUrl: deps.publicUrl } : {}),
    });
  });
};

/** A Fastify instance carrying the admin API (not listening yet): `npx tsx apps/admin/src/main.ts` and tests. */
export function buildAdmin(deps: AdminDeps & ConsoleOptions) {
  const app = Fastify({ loggerInstance: deps.logger, bodyLimit: BODY_LIMIT });
  app.setErrorHandler(adminErrorHandler);
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      problem(404, 'not-found', `No route for ${request.method} ${request.url.split('?')[0]}.`),
    ),
  );
  // standalone only: under `npm start` the receiver's /metrics serves the shared process
  const graphCounter = deps.graphCounter ?? new GraphRequestCounter();
  const metrics = createMetrics({ service: 'admin' });
  metrics.collectGraphRequests(() => graphCounter.snapshot().requests);
  // registered at start like every other route, so an onRoute hook (the route-auth walk) sees these too
  void app.register(async (probes) => {
    probes.get('/metrics', async (_request, reply) =>
      reply.type(metrics.contentType).send(await metrics.text()),
    );
    // a liveness probe like the receiver's (its /healthz answers for the shared process under `npm start`)
    probes.get('/healthz', async () => ({ status: 'ok' }));
    // standalone only, like /healthz: Redis answers and does not evict keys (F10), Postgres answers
    probes.get('/readyz', async (_request, reply) => {
      const [redis, postgres] = await Promise.all([
        redisReadiness(deps.producer.connection, READY_TIMEOUT_MS),
        deps.db
          .selectNoFrom((eb) => eb.lit(1).as('one'))
          .execute()
          .then(
            () => 'up' as const,
            () => 'down' as const,
          ),
      ]);
      const checks = { redis: redis.state, postgres };
      if (redis.state === 'up' && postgres === 'up') return { status: 'ready', checks };
      return sendProblem(reply, problem(503, 'not-ready', notReadyDetail(checks, redis), { checks }));
    });
  });
  void app.register(adminApi, { ...deps, graphCounter });
  return app;
}

/** JSON bodies, where an empty body reads as none: `POST /sync` with a JSON content type and nothing else. */
function tolerantJson(api: FastifyInstance): void {
  api.removeContentTypeParser('application/json');
  api.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = (body as string).trim();
    if (text === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(
        Object.assign(new Error('invalid JSON'), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' }),
        undefined,
      );
    }
  });
}

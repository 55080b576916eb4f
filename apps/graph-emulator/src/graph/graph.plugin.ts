import type { FastifyError, FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context';
import type { FaultInjector } from '../faults/faults';
import { EmulatorError } from '../state/emulator-error';
import { registerBatchRoute, type SelfAddress } from './batch.route';
import { registerDeltaRoutes } from './delta.routes';
import { authenticate } from './graph-auth';
import { badRequest, GraphHttpError, sendGraphError } from './graph-http';
import { registerGroupRoutes } from './groups.routes';
import { registerSubscriptionRoutes } from './subscriptions.routes';
import { registerUserRoutes } from './users.routes';

/** Graph v1.0: bearer token first, then injected faults, then the routes; every error Graph-shaped. */
export function registerGraph(
  root: FastifyInstance,
  ctx: EmulatorContext,
  faults: FaultInjector,
  self: SelfAddress,
): void {
  root.register(
    async (graph) => {
      graph.decorateRequest('graphCaller', null);
      graph.addHook('onRequest', async (request) => {
        request.graphCaller = authenticate(ctx, request);
        const tenantId = request.graphCaller.tenant.id;
        const latency = faults.latencyMs(tenantId);
        if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
        const fault = faults.next(tenantId);
        if (fault) throw fault;
      });
      graph.addHook('onSend', async (request, reply) => {
        reply.header('request-id', request.id);
        reply.header('client-request-id', request.headers['client-request-id'] ?? request.id);
      });
      graph.setErrorHandler((err: FastifyError | GraphHttpError | EmulatorError, request, reply) => {
        if (err instanceof GraphHttpError || err instanceof EmulatorError) return sendGraphError(reply, err);
        if (typeof err.statusCode === 'number' && err.statusCode < 500)
          return sendGraphError(reply, badRequest(err.message));
        request.log.error({ err }, 'graph-emulator handler failed');
        return sendGraphError(
          reply,
          new GraphHttpError(
            500,
            'generalException',
            `An unexpected error occurred in the emulator: ${err.message}`,
          ),
        );
      });
      graph.setNotFoundHandler((request, reply) => {
        const segment = request.url.split('?')[0]?.split('/').filter(Boolean).slice(1).join('/') ?? '';
        return sendGraphError(reply, badRequest(`Resource not found for the segment '${segment}'.`));
      });
      registerUserRoutes(graph);
      registerGroupRoutes(graph);
      registerDeltaRoutes(graph, ctx);
      registerSubscriptionRoutes(graph, ctx);
      registerBatchRoute(graph, self);
    },
    { prefix: '/v1.0' },
  );
}

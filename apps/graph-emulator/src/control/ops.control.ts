import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context';
import type { FaultInjector } from '../faults/faults';
import { EmulatorError } from '../state/emulator-error';
import type { FaultConfig } from '../state/emulator-state';
import { faultSchema } from './schemas';

type TenantParams = { tenant: string };

/** Faults, notification dropping, lifecycle events, and what happened: delivery records and request counters. */
export function registerOpsControl(app: FastifyInstance, ctx: EmulatorContext, faults: FaultInjector): void {
  const { state } = ctx;

  app.put<{ Body: FaultConfig }>('/faults', { schema: faultSchema }, async (request) => {
    faults.configure(request.body);
    return state.faults;
  });
  app.get('/faults', async () => state.faults ?? {});
  app.delete('/faults', async (_request, reply) => {
    faults.configure(null);
    return reply.code(204).send();
  });

  app.put<{ Body: { drop: boolean } }>(
    '/notifications',
    {
      schema: {
        body: {
          type: 'object',
          required: ['drop'],
          additionalProperties: false,
          properties: { drop: { type: 'boolean' } },
        },
      },
    },
    async (request) => {
      state.dropNotifications = request.body.drop;
      return { drop: state.dropNotifications };
    },
  );

  app.get<{ Params: TenantParams }>('/tenants/:tenant/subscriptions', async (request) => ({
    // clientState is a shared secret between Graph and the receiver: never listed here
    value: [...state.requireTenant(request.params.tenant).subscriptions.values()].map(
      ({ clientState: _secret, ...rest }) => ({
        ...rest,
        hasClientState: _secret !== null,
      }),
    ),
  }));
  app.post<{ Params: TenantParams & { id: string }; Body: { event: 'reauthorizationRequired' } }>(
    '/tenants/:tenant/subscriptions/:id/lifecycle',
    {
      schema: {
        body: {
          type: 'object',
          required: ['event'],
          properties: { event: { type: 'string', enum: ['reauthorizationRequired'] } },
        },
      },
    },
    async (request) => {
      const sub = state.requireTenant(request.params.tenant).subscriptions.get(request.params.id);
      if (!sub)
        throw new EmulatorError(
          404,
          'SubscriptionNotFound',
          `Subscription '${request.params.id}' not found.`,
        );
      if (!sub.lifecycleNotificationUrl)
        throw new EmulatorError(409, 'NoLifecycleUrl', 'The subscription has no lifecycleNotificationUrl.');
      return { status: await ctx.notifier.lifecycle(sub, request.body.event) };
    },
  );

  app.get<{ Querystring: { subscriptionId?: string; tenantId?: string; kind?: string; afterId?: string } }>(
    '/deliveries',
    async (request) => {
      const q = request.query;
      const afterId = Number(q.afterId ?? 0);
      return {
        value: state.deliveries.filter(
          (d) =>
            d.id > afterId &&
            (!q.subscriptionId || d.subscriptionId === q.subscriptionId) &&
            (!q.tenantId || d.tenantId === q.tenantId) &&
            (!q.kind || d.kind === q.kind),
        ),
      };
    },
  );
  app.delete('/deliveries', async (_request, reply) => {
    state.deliveries.length = 0;
    return reply.code(204).send();
  });

  app.get('/counters', async () => state.counters);
  app.delete('/counters', async (_request, reply) => {
    state.resetCounters();
    return reply.code(204).send();
  });
}

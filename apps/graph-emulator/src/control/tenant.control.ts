import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context';
import type { Tenant } from '../state/emulator-state';

type TenantParams = { tenant: string };
type AppBody = {
  clientId?: string;
  clientSecret?: string;
  displayName?: string;
  permissions?: string[];
  redirectUris?: string[];
};

export function registerTenantControl(app: FastifyInstance, ctx: EmulatorContext): void {
  const { state } = ctx;

  app.post<{ Body: { id?: string; domain?: string; displayName?: string } }>(
    '/tenants',
    {
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { id: { type: 'string' }, domain: { type: 'string' }, displayName: { type: 'string' } },
        },
      },
    },
    async (request, reply) => reply.code(201).send(summary(state.createTenant(request.body ?? {}))),
  );
  app.get('/tenants', async () => ({ value: [...state.tenants.values()].map(summary) }));
  app.get<{ Params: TenantParams }>('/tenants/:tenant', async (request) =>
    summary(state.requireTenant(request.params.tenant)),
  );

  app.post<{ Params: TenantParams; Body: AppBody }>(
    '/tenants/:tenant/apps',
    {
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            clientId: { type: 'string', minLength: 1 },
            clientSecret: { type: 'string', minLength: 8 },
            displayName: { type: 'string' },
            permissions: { type: 'array', items: { type: 'string' } },
            redirectUris: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    },
    async (request, reply) => {
      const { app: created, clientSecret } = state.createApp(request.params.tenant, request.body ?? {});
      // a secret the caller chose is not echoed; a generated one is shown once, as Entra does
      return reply.code(201).send({
        clientId: created.clientId,
        homeTenantId: created.homeTenantId,
        permissions: created.permissions,
        ...(request.body?.clientSecret ? {} : { clientSecret }),
      });
    },
  );
  app.patch<{ Params: { clientId: string }; Body: { permissions: string[] } }>(
    '/apps/:clientId',
    {
      schema: {
        body: {
          type: 'object',
          required: ['permissions'],
          additionalProperties: false,
          properties: { permissions: { type: 'array', items: { type: 'string' } } },
        },
      },
    },
    async (request) => {
      const found = state.requireApp(request.params.clientId);
      found.permissions = request.body.permissions;
      return { clientId: found.clientId, permissions: found.permissions };
    },
  );
  app.post<{ Params: { clientId: string } }>('/apps/:clientId/secrets', async (request, reply) =>
    reply.code(201).send({ clientSecret: state.addSecret(request.params.clientId) }),
  );
  app.post<{ Params: { clientId: string }; Body: { secret?: string } | undefined }>(
    '/apps/:clientId/invalidate-secret',
    async (request, reply) => {
      state.invalidateSecret(request.params.clientId, request.body?.secret);
      return reply.code(204).send();
    },
  );
  app.post<{ Params: TenantParams; Body: { clientId: string } }>(
    '/tenants/:tenant/consents',
    {
      schema: {
        body: { type: 'object', required: ['clientId'], properties: { clientId: { type: 'string' } } },
      },
    },
    async (request, reply) => {
      state.grantConsent(request.params.tenant, request.body.clientId);
      return reply.code(204).send();
    },
  );

  app.post<{ Params: TenantParams; Body: { seed: string | number; users: number; groups: number } }>(
    '/tenants/:tenant/seed',
    {
      schema: {
        body: {
          type: 'object',
          required: ['seed', 'users', 'groups'],
          additionalProperties: false,
          properties: {
            seed: { type: ['string', 'integer'] },
            users: { type: 'integer', minimum: 0, maximum: 200_000 },
            groups: { type: 'integer', minimum: 0, maximum: 10_000 },
          },
        },
      },
    },
    async (request) => {
      const result = state.seed(request.params.tenant, request.body);
      return {
        users: result.userIds.length,
        groups: result.groupIds.length,
        memberships: result.memberships,
        nestedGroups: result.nestedGroups,
        groupIds: result.groupIds,
        sampleUserIds: result.userIds.slice(0, 20),
      };
    },
  );
  app.post<{ Params: TenantParams }>('/tenants/:tenant/delta/expire', async (request, reply) => {
    state.expireDeltaTokens(request.params.tenant);
    return reply.code(204).send();
  });
}

function summary(tenant: Tenant): Record<string, unknown> {
  return {
    id: tenant.id,
    domain: tenant.domain,
    displayName: tenant.displayName,
    users: tenant.directory.users.size,
    deletedUsers: tenant.directory.deletedUsers.size,
    groups: tenant.directory.groups.size,
    subscriptions: tenant.subscriptions.size,
    deltaGeneration: tenant.deltaGeneration,
    changeLogPosition: tenant.directory.position,
  };
}

import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context';
import { notFound } from '../state/emulator-error';
import type { EmuGroup, GroupInput, UserInput, UserPatch } from '../state/types';
import { createGroupSchema, createUserSchema, patchUserSchema } from './schemas';

type TenantParams = { tenant: string };
type ObjectParams = TenantParams & { id: string };

/** Users, groups and memberships of a tenant; every change here reaches delta and subscriptions like a real one. */
export function registerDirectoryControl(app: FastifyInstance, ctx: EmulatorContext): void {
  const dir = (tenant: string) => ctx.state.requireTenant(tenant).directory;

  app.post<{ Params: TenantParams; Body: UserInput }>(
    '/tenants/:tenant/users',
    { schema: createUserSchema },
    async (request, reply) => reply.code(201).send(dir(request.params.tenant).createUser(request.body)),
  );
  app.get<{ Params: ObjectParams }>('/tenants/:tenant/users/:id', async (request) => {
    const d = dir(request.params.tenant);
    const user = d.findUser(request.params.id) ?? d.deletedUsers.get(request.params.id);
    if (!user) throw notFound('user', request.params.id);
    return user;
  });
  app.patch<{ Params: ObjectParams; Body: UserPatch }>(
    '/tenants/:tenant/users/:id',
    { schema: patchUserSchema },
    async (request) => dir(request.params.tenant).updateUser(request.params.id, request.body),
  );
  app.post<{ Params: ObjectParams }>('/tenants/:tenant/users/:id/soft-delete', async (request) =>
    dir(request.params.tenant).softDeleteUser(request.params.id),
  );
  app.post<{ Params: ObjectParams }>('/tenants/:tenant/users/:id/restore', async (request) =>
    dir(request.params.tenant).restoreUser(request.params.id),
  );
  app.post<{ Params: ObjectParams }>('/tenants/:tenant/users/:id/hard-delete', async (request, reply) => {
    dir(request.params.tenant).hardDeleteUser(request.params.id);
    return reply.code(204).send();
  });

  app.post<{ Params: TenantParams; Body: GroupInput }>(
    '/tenants/:tenant/groups',
    { schema: createGroupSchema },
    async (request, reply) =>
      reply.code(201).send(presentGroup(dir(request.params.tenant).createGroup(request.body))),
  );
  app.get<{ Params: ObjectParams }>('/tenants/:tenant/groups/:id', async (request) =>
    presentGroup(dir(request.params.tenant).requireGroup(request.params.id)),
  );
  app.patch<{ Params: ObjectParams; Body: { displayName?: string; description?: string | null } }>(
    '/tenants/:tenant/groups/:id',
    {
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            displayName: { type: 'string', minLength: 1 },
            description: { type: ['string', 'null'] },
          },
        },
      },
    },
    async (request) => presentGroup(dir(request.params.tenant).updateGroup(request.params.id, request.body)),
  );
  app.delete<{ Params: ObjectParams }>('/tenants/:tenant/groups/:id', async (request, reply) => {
    dir(request.params.tenant).deleteGroup(request.params.id);
    return reply.code(204).send();
  });
  app.post<{ Params: ObjectParams; Body: { memberId: string } }>(
    '/tenants/:tenant/groups/:id/members',
    {
      schema: {
        body: {
          type: 'object',
          required: ['memberId'],
          additionalProperties: false,
          properties: { memberId: { type: 'string', minLength: 1 } },
        },
      },
    },
    async (request, reply) => {
      dir(request.params.tenant).addMember(request.params.id, request.body.memberId);
      return reply.code(204).send();
    },
  );
  app.delete<{ Params: ObjectParams & { memberId: string } }>(
    '/tenants/:tenant/groups/:id/members/:memberId',
    async (request, reply) => {
      dir(request.params.tenant).removeMember(request.params.id, request.params.memberId);
      return reply.code(204).send();
    },
  );
}

function presentGroup(group: EmuGroup): Record<string, unknown> {
  const { members, ...rest } = group;
  return { ...rest, members: [...members] };
}

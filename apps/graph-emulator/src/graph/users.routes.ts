import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from '../state/emulator-error';
import { directGroupsOf, transitiveGroupsOf } from '../state/membership';
import { requireRead } from './graph-auth';
import { parseSelect, parseTop, queryOptions } from './graph-http';
import { collection, offsetPage, seqPage } from './paging';
import { GROUP_PROPERTIES, odataType, projectGroup, projectUser, USER_PROPERTIES } from './serialize';

type IdParams = { id: string };

export function registerUserRoutes(app: FastifyInstance): void {
  app.get('/users', async (request) => {
    const { tenant } = requireRead(request, 'users');
    const options = queryOptions(request, ['$select', '$top', '$skiptoken']);
    const select = parseSelect(options.get('$select'), 'user', USER_PROPERTIES);
    const top = parseTop(options.get('$top'), 100);
    const page = seqPage(request, 'users', tenant.directory.userOrder, top, options);
    return collection(
      request,
      'users',
      page.value.map((u) => projectUser(u, select)),
      page.nextLink,
    );
  });

  app.get<{ Params: IdParams }>('/users/:id', async (request) => {
    const { tenant } = requireRead(request, 'users');
    const options = queryOptions(request, ['$select']);
    const select = parseSelect(options.get('$select'), 'user', USER_PROPERTIES);
    const user = tenant.directory.findUser(request.params.id);
    if (!user) throw notFound('user', request.params.id);
    return {
      '@odata.context': `https://${request.host}/v1.0/$metadata#users/$entity`,
      ...projectUser(user, select),
    };
  });

  for (const relation of ['memberOf', 'transitiveMemberOf'] as const) {
    const handler = async (request: FastifyRequest<{ Params: IdParams }>) => {
      const { tenant } = requireRead(request, 'users', 'groups');
      const options = queryOptions(request, ['$select', '$top', '$skiptoken']);
      const select = parseSelect(options.get('$select'), 'group', GROUP_PROPERTIES);
      const top = parseTop(options.get('$top'), 100);
      const user = tenant.directory.findUser(request.params.id);
      if (!user) throw notFound('user', request.params.id);
      const groups =
        relation === 'memberOf'
          ? directGroupsOf(tenant.directory, user.id)
          : transitiveGroupsOf(tenant.directory, user.id);
      const path = request.url.split('?')[0]?.replace(/^\/v1\.0\//, '') ?? '';
      const page = offsetPage(request, path, groups, top, options);
      const value = page.value.map((g) => ({
        '@odata.type': odataType('group'),
        ...projectGroup(g, select),
      }));
      return collection(request, 'directoryObjects', value, page.nextLink);
    };
    app.get(`/users/:id/${relation}`, handler);
    app.get(`/users/:id/${relation}/microsoft.graph.group`, handler);
  }

  app.get<{ Params: IdParams }>('/directory/deletedItems/:id', async (request) => {
    const { tenant } = requireRead(request, 'users');
    const options = queryOptions(request, ['$select']);
    const select = parseSelect(options.get('$select'), 'user', USER_PROPERTIES);
    const user = tenant.directory.deletedUsers.get(request.params.id);
    if (!user) throw notFound('deleted item', request.params.id);
    return { '@odata.type': odataType('user'), ...projectUser(user, select ?? [...USER_PROPERTIES]) };
  });

  app.get('/organization', async (request) => {
    const { tenant } = requireRead(request, 'users');
    queryOptions(request, ['$select']);
    return collection(request, 'organization', [
      {
        id: tenant.id,
        displayName: tenant.displayName,
        verifiedDomains: [
          {
            name: tenant.domain,
            isDefault: true,
            isInitial: true,
            type: 'Managed',
            capabilities: 'Email, OfficeCommunicationsOnline',
          },
        ],
      },
    ]);
  });
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from '../state/emulator-error';
import { directMembersOf, transitiveMembersOf, type DirectoryObject } from '../state/membership';
import { requireRead } from './graph-auth';
import { parseSelect, parseTop, queryOptions } from './graph-http';
import { collection, offsetPage, seqPage } from './paging';
import { GROUP_PROPERTIES, odataType, projectGroup, projectUser, USER_PROPERTIES } from './serialize';

type IdParams = { id: string };
const ANY_PROPERTIES = [...new Set<string>([...USER_PROPERTIES, ...GROUP_PROPERTIES])];

export function registerGroupRoutes(app: FastifyInstance): void {
  app.get('/groups', async (request) => {
    const { tenant } = requireRead(request, 'groups');
    const options = queryOptions(request, ['$select', '$top', '$skiptoken']);
    const select = parseSelect(options.get('$select'), 'group', GROUP_PROPERTIES);
    const top = parseTop(options.get('$top'), 100);
    const page = seqPage(request, 'groups', tenant.directory.groupOrder, top, options);
    return collection(
      request,
      'groups',
      page.value.map((g) => projectGroup(g, select)),
      page.nextLink,
    );
  });

  app.get<{ Params: IdParams }>('/groups/:id', async (request) => {
    const { tenant } = requireRead(request, 'groups');
    const options = queryOptions(request, ['$select']);
    const select = parseSelect(options.get('$select'), 'group', GROUP_PROPERTIES);
    const group = tenant.directory.groups.get(request.params.id);
    if (!group) throw notFound('group', request.params.id);
    return {
      '@odata.context': `https://${request.host}/v1.0/$metadata#groups/$entity`,
      ...projectGroup(group, select),
    };
  });

  for (const relation of ['members', 'transitiveMembers'] as const) {
    for (const cast of [null, 'user', 'group'] as const) {
      const handler = async (request: FastifyRequest<{ Params: IdParams }>) => {
        const { tenant } = requireRead(request, 'groups', ...(cast === 'group' ? [] : (['users'] as const)));
        const options = queryOptions(request, ['$select', '$top', '$skiptoken']);
        const known =
          cast === 'user' ? USER_PROPERTIES : cast === 'group' ? GROUP_PROPERTIES : ANY_PROPERTIES;
        const select = parseSelect(options.get('$select'), cast ?? 'directoryObject', known);
        const top = parseTop(options.get('$top'), 100);
        const group = tenant.directory.groups.get(request.params.id);
        if (!group) throw notFound('group', request.params.id);
        const all =
          relation === 'members'
            ? directMembersOf(tenant.directory, group)
            : transitiveMembersOf(tenant.directory, group);
        const members = cast ? all.filter((m) => m.kind === cast) : all;
        const path = request.url.split('?')[0]?.replace(/^\/v1\.0\//, '') ?? '';
        const page = offsetPage(request, path, members, top, options);
        return collection(
          request,
          'directoryObjects',
          page.value.map((m) => projectMember(m, select)),
          page.nextLink,
        );
      };
      app.get(`/groups/:id/${relation}${cast ? `/microsoft.graph.${cast}` : ''}`, handler);
    }
  }
}

function projectMember(member: DirectoryObject, select: string[] | null): Record<string, unknown> {
  if (member.kind === 'user') {
    const fields = select?.filter((f) => (USER_PROPERTIES as readonly string[]).includes(f)) ?? null;
    return { '@odata.type': odataType('user'), ...projectUser(member.user, fields) };
  }
  const fields = select?.filter((f) => (GROUP_PROPERTIES as readonly string[]).includes(f)) ?? null;
  return { '@odata.type': odataType('group'), ...projectGroup(member.group, fields) };
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../context';
import type { Tenant } from '../state/emulator-state';
import { directMembersOf } from '../state/membership';
import type { EmuGroup, ObjectKind } from '../state/types';
import { changesBetween } from './delta-changes';
import { decodeDelta, encodeDelta, type DeltaKind, type DeltaState } from './delta-token';
import { requireRead } from './graph-auth';
import { badRequest, graphBase, parseSelect, queryOptions } from './graph-http';
import { GROUP_PROPERTIES, odataType, projectGroup, projectUser, USER_PROPERTIES } from './serialize';

type Json = Record<string, unknown>;

/** users/delta and groups/delta: a round pages the current state (or the changes since a deltaLink) to a new deltaLink. */
export function registerDeltaRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  for (const kind of ['users', 'groups'] as const) {
    const handler = async (request: FastifyRequest) => deltaPage(ctx, request, kind);
    app.get(`/${kind}/delta`, handler);
    app.get(`/${kind}/microsoft.graph.delta()`, handler);
    app.get(`/${kind}/microsoft.graph.delta`, handler);
  }
}

function deltaPage(ctx: EmulatorContext, request: FastifyRequest, kind: DeltaKind): Json {
  const { tenant } = requireRead(
    request,
    ...(kind === 'users' ? (['users'] as const) : (['groups'] as const)),
  );
  const options = queryOptions(
    request,
    kind === 'groups'
      ? ['$select', '$deltatoken', '$skiptoken', '$expand']
      : ['$select', '$deltatoken', '$skiptoken'],
  );
  const token = options.get('$skiptoken') ?? options.get('$deltatoken');
  let state: DeltaState;
  if (token !== undefined) {
    state = decodeDelta(token, kind, tenant, ctx.settings.deltaTokenMaxAgeMs, ctx.now());
    if (options.has('$select') && options.has('$skiptoken'))
      throw badRequest('$select is not supported together with $skiptoken in delta queries.');
    if (options.has('$select')) state = { ...state, ...selection(kind, options) };
  } else {
    state = {
      v: 1,
      k: kind,
      t: tenant.id,
      g: tenant.deltaGeneration,
      iat: ctx.now().getTime(),
      ...selection(kind, options),
      m: 'initial',
      T: tenant.directory.position,
      a: 0,
    };
  }
  if (state.m === 'link')
    state = { ...state, m: 'changes', T: tenant.directory.position, o: 0, iat: ctx.now().getTime() };
  const size = ctx.settings.deltaPageSize;
  let value: Json[];
  let done: boolean;
  let next: DeltaState;
  if (state.m === 'initial') {
    const dir = tenant.directory;
    const initial = state;
    const page =
      kind === 'users'
        ? mapPage(dir.userOrder.page(state.a, size), (user) => ({
            ...projectUser(user, initial.sel, true),
            id: user.id,
          }))
        : mapPage(dir.groupOrder.page(state.a, size), (group) => ({
            ...initialGroup(tenant, group, initial),
            id: group.id,
          }));
    value = page.value;
    done = !page.more;
    next = { ...state, a: page.lastSeq ?? state.a };
  } else {
    const changes = changesBetween(tenant.directory, kind, state.s, state.T);
    const ids = changes.ids.slice(state.o, state.o + size);
    value = ids.map((id) =>
      kind === 'users'
        ? changedUser(tenant, id, state.sel)
        : changedGroup(tenant, id, state, changes.members.get(id)),
    );
    done = state.o + size >= changes.ids.length;
    next = { ...state, o: state.o + size };
  }
  const base = `${graphBase(request)}/${kind}/delta`;
  const body: Json = { '@odata.context': `${graphBase(request)}/$metadata#${kind}`, value };
  if (done) {
    const link: DeltaState = {
      v: 1,
      k: kind,
      t: tenant.id,
      g: state.g,
      iat: ctx.now().getTime(),
      sel: state.sel,
      mem: state.mem,
      m: 'link',
      s: state.T,
    };
    body['@odata.deltaLink'] = `${base}?$deltatoken=${encodeDelta(link)}`;
  } else {
    body['@odata.nextLink'] = `${base}?$skiptoken=${encodeDelta(next)}`;
  }
  return body;
}

function selection(kind: DeltaKind, options: Map<string, string>): { sel: string[] | null; mem: boolean } {
  const known = kind === 'users' ? USER_PROPERTIES : [...GROUP_PROPERTIES, 'members'];
  const sel = parseSelect(options.get('$select'), kind === 'users' ? 'user' : 'group', known);
  const expand = options.get('$expand');
  if (expand !== undefined && expand !== 'members')
    throw badRequest(`Expand of '${expand}' is not supported in delta queries.`);
  return { sel, mem: kind === 'groups' && (sel === null || sel.includes('members') || expand === 'members') };
}

function changedUser(tenant: Tenant, id: string, sel: string[] | null): Json {
  const dir = tenant.directory;
  const user = dir.users.get(id);
  if (user) return { ...projectUser(user, sel, true), id };
  return { id, '@removed': { reason: dir.deletedUsers.has(id) ? 'changed' : 'deleted' } };
}

function initialGroup(tenant: Tenant, group: EmuGroup, state: DeltaState): Json {
  const out: Json = projectGroup(group, state.sel);
  if (!state.mem) return out;
  const members = directMembersOf(tenant.directory, group).map((m) =>
    m.kind === 'user'
      ? { '@odata.type': odataType('user'), id: m.user.id }
      : { '@odata.type': odataType('group'), id: m.group.id },
  );
  if (members.length > 0) out['members@delta'] = members;
  return out;
}

function changedGroup(
  tenant: Tenant,
  id: string,
  state: DeltaState,
  touched: Map<string, ObjectKind> | undefined,
): Json {
  const dir = tenant.directory;
  const group = dir.groups.get(id);
  if (!group) return { id, '@removed': { reason: 'deleted' } };
  const out: Json = { ...projectGroup(group, state.sel), id };
  if (!state.mem || !touched) return out;
  const members: Json[] = [];
  for (const [memberId, memberKind] of touched) {
    const visible = group.members.has(memberId) && (dir.users.has(memberId) || dir.groups.has(memberId));
    const entry: Json = { '@odata.type': odataType(memberKind), id: memberId };
    if (!visible && group.members.has(memberId)) continue;
    if (!visible) entry['@removed'] = { reason: 'deleted' };
    members.push(entry);
  }
  if (members.length > 0) out['members@delta'] = members;
  return out;
}

function mapPage<T extends { seq: number }>(
  page: { items: T[]; more: boolean },
  map: (item: T) => Json,
): { value: Json[]; more: boolean; lastSeq: number | undefined } {
  return { value: page.items.map(map), more: page.more, lastSeq: page.items[page.items.length - 1]?.seq };
}

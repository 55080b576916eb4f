import type { DirectoryUserFields } from '@entra-sync/domain';
import type { GraphClient } from './graph-client';
import { DeltaTokenExpired } from './graph-errors';
import { graphGet } from './graph-request';
import { toUserFields, USER_SELECT, type RawUser } from './user-fields';

/** One page of a delta round. Persist `deltaLink` (or `nextLink`, to resume) only after the page's work is done. */
export type DeltaPage<T> =
  | { items: T[]; nextLink: string; deltaLink?: undefined }
  | { items: T[]; deltaLink: string; nextLink?: undefined };

/** `changed`: in the recycle bin (restorable, a soft delete); `deleted`: gone for good. */
export type RemovedReason = 'changed' | 'deleted';

export type UserDeltaItem =
  | { kind: 'upsert'; id: string; user: DirectoryUserFields }
  | { kind: 'removed'; id: string; reason: RemovedReason };

export interface MemberChange {
  id: string;
  type: 'user' | 'group' | 'other';
  change: 'added' | 'removed';
}

/** A group may appear on several pages of a round when its member list is long: merge its memberChanges. */
export type GroupDeltaItem =
  | { kind: 'upsert'; id: string; displayName: string | null; memberChanges: MemberChange[] }
  | { kind: 'removed'; id: string; reason: RemovedReason };

const RESYNC_CODES = new Set(['syncstatenotfound', 'resyncrequired', 'syncstateinvalid']);

/**
 * users/delta: starts a round with the S2 `$select` (a full synchronization) unless `from` is a stored
 * nextLink/deltaLink. A rejected token surfaces as DeltaTokenExpired: restart with `from` undefined.
 */
export function usersDelta(
  client: GraphClient,
  from?: string | null,
): AsyncGenerator<DeltaPage<UserDeltaItem>> {
  return deltaPages(client, 'users', from, { $select: USER_SELECT.join(',') }, (raw: RawUser & Removed) => {
    if (typeof raw.id !== 'string') return null;
    if (raw['@removed']) return { kind: 'removed', id: raw.id, reason: reasonOf(raw['@removed']) };
    return { kind: 'upsert', id: raw.id, user: toUserFields(raw) };
  });
}

/** groups/delta with `members`: membership additions and removals arrive in `members@delta`. */
export function groupsDelta(
  client: GraphClient,
  from?: string | null,
): AsyncGenerator<DeltaPage<GroupDeltaItem>> {
  return deltaPages(
    client,
    'groups',
    from,
    { $select: 'id,displayName,members' },
    (raw: RawGroup & Removed) => {
      if (typeof raw.id !== 'string') return null;
      if (raw['@removed']) return { kind: 'removed', id: raw.id, reason: reasonOf(raw['@removed']) };
      const memberChanges = (raw['members@delta'] ?? []).flatMap((m): MemberChange[] =>
        typeof m.id === 'string'
          ? [{ id: m.id, type: memberType(m['@odata.type']), change: m['@removed'] ? 'removed' : 'added' }]
          : [],
      );
      return { kind: 'upsert', id: raw.id, displayName: raw.displayName ?? null, memberChanges };
    },
  );
}

type Removed = { '@removed'?: { reason?: string } };
type RawGroup = {
  id?: string;
  displayName?: string | null;
  'members@delta'?: Array<{ id?: string; '@odata.type'?: string } & Removed>;
};
type DeltaBody<Raw> = { value?: Raw[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string };

async function* deltaPages<Raw, T>(
  client: GraphClient,
  resource: 'users' | 'groups',
  from: string | null | undefined,
  initialQuery: Record<string, string>,
  map: (raw: Raw) => T | null,
): AsyncGenerator<DeltaPage<T>> {
  let link: string | null = from ?? null;
  let first = true;
  for (;;) {
    let body: DeltaBody<Raw>;
    try {
      body = link
        ? await graphGet<DeltaBody<Raw>>(client, link)
        : await graphGet<DeltaBody<Raw>>(client, `/${resource}/delta`, first ? initialQuery : {});
    } catch (err) {
      throw asExpired(err, resource) ?? err;
    }
    first = false;
    const items = (body.value ?? []).flatMap((raw) => map(raw) ?? []);
    if (body['@odata.deltaLink']) {
      yield { items, deltaLink: body['@odata.deltaLink'] };
      return;
    }
    const next = body['@odata.nextLink'];
    if (!next) throw new Error(`${resource}/delta answered without @odata.nextLink or @odata.deltaLink`);
    yield { items, nextLink: next };
    link = next;
  }
}

function asExpired(err: unknown, resource: 'users' | 'groups'): DeltaTokenExpired | null {
  const e = err as { statusCode?: number; code?: string | null };
  if (typeof e?.statusCode !== 'number') return null;
  if (e.statusCode === 410 || RESYNC_CODES.has((e.code ?? '').toLowerCase()))
    return new DeltaTokenExpired(resource, e.statusCode, e.code ?? 'gone');
  return null;
}

function reasonOf(removed: { reason?: string }): RemovedReason {
  return removed.reason === 'changed' ? 'changed' : 'deleted';
}

function memberType(odataType: string | undefined): MemberChange['type'] {
  const t = (odataType ?? '').toLowerCase();
  return t.endsWith('.user') ? 'user' : t.endsWith('.group') ? 'group' : 'other';
}

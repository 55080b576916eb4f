import type { Directory } from '../state/directory';
import type { ObjectKind } from '../state/types';
import type { DeltaKind } from './delta-token';

export interface ChangeSet {
  ids: string[];
  /** groups: member ids touched per group, with their kind */
  members: Map<string, Map<string, ObjectKind>>;
}

const cache = new WeakMap<Directory, Map<string, ChangeSet>>();

/**
 * The objects changed in log positions (since, until], each once in order of first change. The log is
 * append-only, so a window's answer never changes: it is cached while a round pages through it.
 */
export function changesBetween(dir: Directory, kind: DeltaKind, since: number, until: number): ChangeSet {
  let perDir = cache.get(dir);
  if (!perDir) cache.set(dir, (perDir = new Map()));
  const key = `${kind}:${since}:${until}`;
  const hit = perDir.get(key);
  if (hit) return hit;
  const seen = new Set<string>();
  const members = new Map<string, Map<string, ObjectKind>>();
  for (let i = since; i < until; i++) {
    const entry = dir.log[i];
    if (!entry) continue;
    if (kind === 'users' && entry.kind === 'user') seen.add(entry.id);
    if (kind === 'groups' && entry.kind === 'group') seen.add(entry.id);
    if (kind === 'groups' && entry.kind === 'member') {
      seen.add(entry.groupId);
      let touched = members.get(entry.groupId);
      if (!touched) members.set(entry.groupId, (touched = new Map()));
      touched.set(entry.memberId, entry.memberKind);
    }
  }
  const result = { ids: [...seen], members };
  if (perDir.size >= 8) perDir.delete(perDir.keys().next().value as string);
  perDir.set(key, result);
  return result;
}

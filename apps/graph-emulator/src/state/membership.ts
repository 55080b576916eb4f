import type { Directory } from './directory';
import type { EmuGroup, EmuUser } from './types';

export type DirectoryObject = { kind: 'user'; user: EmuUser } | { kind: 'group'; group: EmuGroup };

/** Groups `memberId` belongs to directly. */
export function directGroupsOf(dir: Directory, memberId: string): EmuGroup[] {
  return [...(dir.memberOf.get(memberId) ?? [])].flatMap((id) => dir.groups.get(id) ?? []);
}

/** Every group `memberId` reaches through nesting (each once). */
export function transitiveGroupsOf(dir: Directory, memberId: string): EmuGroup[] {
  const seen = new Set<string>();
  const out: EmuGroup[] = [];
  const stack = [...(dir.memberOf.get(memberId) ?? [])];
  while (stack.length) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    const group = dir.groups.get(id);
    if (!group) continue;
    out.push(group);
    stack.push(...(dir.memberOf.get(id) ?? []));
  }
  return out.sort((a, b) => a.seq - b.seq);
}

/** Direct members that are visible (soft-deleted users keep their membership but are not listed). */
export function directMembersOf(dir: Directory, group: EmuGroup): DirectoryObject[] {
  const out: DirectoryObject[] = [];
  for (const id of group.members) {
    const user = dir.users.get(id);
    if (user) out.push({ kind: 'user', user });
    const nested = dir.groups.get(id);
    if (nested) out.push({ kind: 'group', group: nested });
  }
  return out;
}

/** Members through nesting, each once: nested groups and the users in them. */
export function transitiveMembersOf(dir: Directory, group: EmuGroup): DirectoryObject[] {
  const seen = new Set<string>([group.id]);
  const out: DirectoryObject[] = [];
  const queue: EmuGroup[] = [group];
  for (let i = 0; i < queue.length; i++) {
    for (const member of directMembersOf(dir, queue[i] as EmuGroup)) {
      const id = member.kind === 'user' ? member.user.id : member.group.id;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(member);
      if (member.kind === 'group') queue.push(member.group);
    }
  }
  return out;
}

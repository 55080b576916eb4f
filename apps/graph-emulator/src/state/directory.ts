import { randomUUID } from 'node:crypto';
import { EmulatorError, notFound } from './emulator-error';
import { SeqList } from './seq-list';
import type {
  ChangeEntry,
  ChangeEvent,
  EmuGroup,
  EmuUser,
  GroupInput,
  ObjectKind,
  UserInput,
  UserPatch,
} from './types';

type Listener = (event: Omit<ChangeEvent, 'tenantId'>) => void;

/**
 * One tenant's users and groups. Every change appends to `log`; a delta token is a position in it, and
 * removed objects leave a tombstone so a later delta round can still say `@removed: deleted`.
 */
export class Directory {
  readonly users = new Map<string, EmuUser>();
  readonly userOrder = new SeqList<EmuUser>();
  readonly deletedUsers = new Map<string, EmuUser>();
  readonly groups = new Map<string, EmuGroup>();
  readonly groupOrder = new SeqList<EmuGroup>();
  /** member id → ids of the groups it is a direct member of (kept for soft-deleted users too) */
  readonly memberOf = new Map<string, Set<string>>();
  readonly tombstones = new Map<string, ObjectKind>();
  readonly log: ChangeEntry[] = [];
  private readonly upns = new Map<string, string>();
  private nextSeq = 1;

  constructor(private readonly listener: Listener = () => {}) {}

  get position(): number {
    return this.log.length;
  }

  createUser(input: UserInput): EmuUser {
    const id = input.id ?? randomUUID();
    if (this.users.has(id) || this.deletedUsers.has(id) || this.groups.has(id)) {
      throw new EmulatorError(
        400,
        'Request_BadRequest',
        `Another object with the same value for property id already exists.`,
      );
    }
    this.claimUpn(input.userPrincipalName, id);
    const user: EmuUser = {
      displayName: null,
      givenName: null,
      surname: null,
      mail: null,
      businessPhones: [],
      mobilePhone: null,
      jobTitle: null,
      department: null,
      officeLocation: null,
      accountEnabled: true,
      ...input,
      id,
      seq: this.nextSeq++,
      createdDateTime: new Date().toISOString(),
      deletedDateTime: null,
    };
    this.users.set(id, user);
    this.userOrder.insert(user);
    this.changedUser(id, 'updated');
    return user;
  }

  updateUser(id: string, patch: UserPatch): EmuUser {
    const user = this.requireUser(id);
    if (
      patch.userPrincipalName &&
      patch.userPrincipalName.toLowerCase() !== user.userPrincipalName.toLowerCase()
    ) {
      this.claimUpn(patch.userPrincipalName, id);
      this.upns.delete(user.userPrincipalName.toLowerCase());
    }
    Object.assign(user, patch, { id: user.id, seq: user.seq });
    this.changedUser(id, 'updated');
    return user;
  }

  /** To the recycle bin: Graph reports it to subscribers as `updated` and to delta as `@removed: changed`. */
  softDeleteUser(id: string): EmuUser {
    const user = this.requireUser(id);
    this.users.delete(id);
    this.userOrder.remove(user.seq);
    this.upns.delete(user.userPrincipalName.toLowerCase());
    user.deletedDateTime = new Date().toISOString();
    this.deletedUsers.set(id, user);
    this.changedUser(id, 'updated');
    return user;
  }

  restoreUser(id: string): EmuUser {
    const user = this.deletedUsers.get(id);
    if (!user) throw notFound('deleted user', id);
    this.claimUpn(user.userPrincipalName, id);
    this.deletedUsers.delete(id);
    user.deletedDateTime = null;
    this.users.set(id, user);
    this.userOrder.insert(user);
    this.changedUser(id, 'updated');
    return user;
  }

  /** Permanently deletes a user (from the recycle bin, or directly) and its memberships. */
  hardDeleteUser(id: string): void {
    const user = this.users.get(id) ?? this.deletedUsers.get(id);
    if (!user) throw notFound('user', id);
    if (this.users.delete(id)) {
      this.userOrder.remove(user.seq);
      this.upns.delete(user.userPrincipalName.toLowerCase());
    }
    this.deletedUsers.delete(id);
    for (const groupId of [...(this.memberOf.get(id) ?? [])]) this.removeMember(groupId, id);
    this.memberOf.delete(id);
    this.tombstones.set(id, 'user');
    this.changedUser(id, 'deleted');
  }

  createGroup(input: GroupInput): EmuGroup {
    const id = input.id ?? randomUUID();
    if (this.groups.has(id) || this.users.has(id) || this.deletedUsers.has(id)) {
      throw new EmulatorError(
        400,
        'Request_BadRequest',
        'Another object with the same value for property id already exists.',
      );
    }
    const group: EmuGroup = {
      description: null,
      mailEnabled: false,
      securityEnabled: true,
      groupTypes: [],
      mailNickname: input.displayName.replace(/[^A-Za-z0-9]/g, '').slice(0, 64) || 'group',
      ...input,
      id,
      seq: this.nextSeq++,
      createdDateTime: new Date().toISOString(),
      members: new Set(),
    };
    this.groups.set(id, group);
    this.groupOrder.insert(group);
    this.changedGroup(id, 'updated');
    return group;
  }

  updateGroup(id: string, patch: Partial<Pick<EmuGroup, 'displayName' | 'description'>>): EmuGroup {
    const group = this.requireGroup(id);
    Object.assign(group, patch);
    this.changedGroup(id, 'updated');
    return group;
  }

  /** Security groups skip the recycle bin, so a group delete is permanent. */
  deleteGroup(id: string): void {
    const group = this.requireGroup(id);
    // its own member list goes with it (delta and subscribers hear only `deleted`); parents lose a member
    for (const memberId of group.members) this.memberOf.get(memberId)?.delete(id);
    group.members.clear();
    for (const parentId of [...(this.memberOf.get(id) ?? [])]) this.removeMember(parentId, id);
    this.groups.delete(id);
    this.groupOrder.remove(group.seq);
    this.memberOf.delete(id);
    this.tombstones.set(id, 'group');
    this.changedGroup(id, 'deleted');
  }

  addMember(groupId: string, memberId: string): void {
    const group = this.requireGroup(groupId);
    const memberKind = this.kindOf(memberId);
    if (memberKind === 'group' && (memberId === groupId || this.reaches(memberId, groupId))) {
      throw new EmulatorError(
        400,
        'Request_BadRequest',
        'Adding this group would create a membership cycle.',
      );
    }
    if (group.members.has(memberId)) {
      throw new EmulatorError(
        400,
        'Request_BadRequest',
        "One or more added object references already exist for the following modified properties: 'members'.",
      );
    }
    group.members.add(memberId);
    let parents = this.memberOf.get(memberId);
    if (!parents) this.memberOf.set(memberId, (parents = new Set()));
    parents.add(groupId);
    this.append({ kind: 'member', groupId, memberId, memberKind, at: Date.now() });
    this.listener({ resource: 'groups', id: groupId, changeType: 'updated' });
  }

  removeMember(groupId: string, memberId: string): void {
    const group = this.requireGroup(groupId);
    if (!group.members.delete(memberId)) throw notFound('membership', memberId);
    this.memberOf.get(memberId)?.delete(groupId);
    const memberKind: ObjectKind = this.groups.has(memberId) ? 'group' : 'user';
    this.append({ kind: 'member', groupId, memberId, memberKind, at: Date.now() });
    this.listener({ resource: 'groups', id: groupId, changeType: 'updated' });
  }

  findUser(idOrUpn: string): EmuUser | undefined {
    return this.users.get(idOrUpn) ?? this.users.get(this.upns.get(idOrUpn.toLowerCase()) ?? '');
  }

  requireUser(id: string): EmuUser {
    const user = this.findUser(id);
    if (!user) throw notFound('user', id);
    return user;
  }

  requireGroup(id: string): EmuGroup {
    const group = this.groups.get(id);
    if (!group) throw notFound('group', id);
    return group;
  }

  kindOf(id: string): ObjectKind {
    if (this.groups.has(id)) return 'group';
    if (this.users.has(id) || this.deletedUsers.has(id)) return 'user';
    throw notFound('directory object', id);
  }

  /** Whether `fromGroup` contains `toGroup` directly or through nesting. */
  private reaches(fromGroup: string, toGroup: string): boolean {
    const seen = new Set<string>();
    const stack = [fromGroup];
    while (stack.length) {
      const current = this.groups.get(stack.pop() as string);
      if (!current) continue;
      for (const member of current.members) {
        if (member === toGroup) return true;
        if (this.groups.has(member) && !seen.has(member)) {
          seen.add(member);
          stack.push(member);
        }
      }
    }
    return false;
  }

  private claimUpn(upn: string, id: string): void {
    const key = upn.toLowerCase();
    const holder = this.upns.get(key);
    if (holder && holder !== id) {
      throw new EmulatorError(
        400,
        'Request_BadRequest',
        'Another object with the same value for property userPrincipalName already exists.',
      );
    }
    this.upns.set(key, id);
  }

  private changedUser(id: string, changeType: 'updated' | 'deleted'): void {
    this.append({ kind: 'user', id, at: Date.now() });
    this.listener({ resource: 'users', id, changeType });
  }

  private changedGroup(id: string, changeType: 'updated' | 'deleted'): void {
    this.append({ kind: 'group', id, at: Date.now() });
    this.listener({ resource: 'groups', id, changeType });
  }

  private append(entry: ChangeEntry): void {
    this.log.push(entry);
  }
}

import type { DirectoryObservation, DirectoryUserFields } from '@entra-sync/domain';

export type PresentObservation = Extract<DirectoryObservation, { state: 'present' }>;

interface GroupSet {
  directGroupIds: readonly string[];
  transitiveGroupIds: readonly string[];
}

/** One group's read: which set a user in set n moves to (a handful of sets, so a handful of entries). */
export interface Membership {
  readonly groupId: string;
  readonly direct: boolean;
  readonly next: Map<number, number>;
}

const NONE: readonly string[] = Object.freeze([]);
/** givenName, surname, userPrincipalName, mail, mobilePhone, jobTitle */
const STRINGS = 6;
/** names and titles repeat across a tenant; longer values are mostly unique and not worth a table entry */
const INTERN_MAX_LENGTH = 40;

/**
 * The users in scope of a full sync, held compactly until they are applied: the S2 strings in one flat
 * column (names and titles interned, a mail equal to the UPN shared), and each user's group ids as one of
 * a few shared sets. A 100,000-user scope takes about a third of the memory of observation objects;
 * observations are built one at a time when read (`at`) and are garbage once their batch is applied.
 */
export class ScopeStore {
  readonly #index = new Map<string, number>();
  readonly #ids: string[] = [];
  readonly #strings: (string | null)[] = [];
  /** one phone (the usual case) as the string itself, several as an array, none as null */
  readonly #phones: (string | readonly string[] | null)[] = [];
  /** group set × 2 + accountEnabled */
  readonly #meta: number[] = [];
  readonly #sets: GroupSet[] = [{ directGroupIds: NONE, transitiveGroupIds: NONE }];
  readonly #setIds = new Map<string, number>([[JSON.stringify([NONE, NONE]), 0]]);
  readonly #interned = new Map<string, string>();

  constructor(readonly observedAt: Date) {}

  get size(): number {
    return this.#ids.length;
  }

  has(objectId: string): boolean {
    return this.#index.has(objectId);
  }

  /** The membership of one group read (`direct` or through nesting), for `add`. */
  membership(groupId: string, direct: boolean): Membership {
    return { groupId, direct, next: new Map() };
  }

  /** Adds a user of a group: the user's fields are kept from the first group that returned them. */
  add(objectId: string, fields: DirectoryUserFields, membership: Membership): void {
    let i = this.#index.get(objectId);
    if (i === undefined) {
      i = this.#ids.length;
      this.#index.set(objectId, i);
      this.#ids.push(objectId);
      const upn = fields.userPrincipalName;
      this.#strings.push(
        this.#intern(fields.givenName),
        this.#intern(fields.surname),
        upn,
        fields.mail !== null && fields.mail === upn ? upn : fields.mail,
        fields.mobilePhone,
        this.#intern(fields.jobTitle),
      );
      const phones = fields.businessPhones;
      this.#phones.push(phones.length === 0 ? null : phones.length === 1 ? (phones[0] as string) : phones);
      this.#meta.push(fields.accountEnabled ? 1 : 0);
    }
    const meta = this.#meta[i] as number;
    const from = meta >> 1;
    let to = membership.next.get(from);
    if (to === undefined) {
      to = this.#joined(from, membership.groupId, membership.direct);
      membership.next.set(from, to);
    }
    this.#meta[i] = (to << 1) | (meta & 1);
  }

  /** The i-th user (in the order they were first read) as a fresh observation. */
  at(i: number): PresentObservation {
    const s = i * STRINGS;
    const strings = this.#strings;
    const phones = this.#phones[i] ?? null;
    const meta = this.#meta[i] as number;
    const set = this.#sets[meta >> 1] as GroupSet;
    return {
      state: 'present',
      objectId: this.#ids[i] as string,
      observedAt: this.observedAt,
      user: {
        givenName: strings[s] ?? null,
        surname: strings[s + 1] ?? null,
        userPrincipalName: strings[s + 2] ?? null,
        mail: strings[s + 3] ?? null,
        businessPhones: phones === null ? [] : typeof phones === 'string' ? [phones] : [...phones],
        mobilePhone: strings[s + 4] ?? null,
        jobTitle: strings[s + 5] ?? null,
        accountEnabled: (meta & 1) === 1,
      },
      directGroupIds: set.directGroupIds,
      transitiveGroupIds: set.transitiveGroupIds,
    };
  }

  get(objectId: string): PresentObservation | null {
    const i = this.#index.get(objectId);
    return i === undefined ? null : this.at(i);
  }

  *observations(): Generator<PresentObservation> {
    for (let i = 0; i < this.#ids.length; i += 1) yield this.at(i);
  }

  /** The set `set` plus `groupId` (a direct membership counts as a transitive one too), shared by its users. */
  #joined(set: number, groupId: string, direct: boolean): number {
    const from = this.#sets[set] as GroupSet;
    const add = (ids: readonly string[]) => (ids.includes(groupId) ? ids : Object.freeze([...ids, groupId]));
    const next: GroupSet = {
      directGroupIds: direct ? add(from.directGroupIds) : from.directGroupIds,
      transitiveGroupIds: add(from.transitiveGroupIds),
    };
    const key = JSON.stringify([next.directGroupIds, next.transitiveGroupIds]);
    const known = this.#setIds.get(key);
    if (known !== undefined) return known;
    this.#setIds.set(key, this.#sets.length);
    this.#sets.push(next);
    return this.#sets.length - 1;
  }

  #intern(value: string | null): string | null {
    if (value === null || value.length > INTERN_MAX_LENGTH) return value;
    const known = this.#interned.get(value);
    if (known !== undefined) return known;
    this.#interned.set(value, value);
    return value;
  }
}

import {
  type DirectoryObservation,
  emailOf,
  type Link,
  normaliseEmail,
  type PersonRecord,
  type PlanInput,
  type RecordKind,
  usernameFromUpn,
} from '@entra-sync/domain';
import type { SyncContext, UserToApply } from '../load-plan-input';

type Key = string;
type Party = { connectionId: string; objectId: string };

export const keyOf = (ref: { kind: RecordKind; id: string }): Key => `${ref.kind}:${ref.id}`;
const ARCHIVED = '_archived';
const emailKey = (email: string | null): string | null => normaliseEmail(email);
const usernameKey = (record: PersonRecord): string | null => record.login?.username.toLowerCase() ?? null;
const archiveNamesOf = (record: PersonRecord): string[] =>
  [record.login?.username, record.email]
    .filter((name): name is string => typeof name === 'string')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name.includes(ARCHIVED));

/**
 * The records a batch can touch, indexed like the database (e-mail, username, links), at their state
 * after every plan applied so far: each user is planned exactly as a sequential `syncUser` would see it
 * (packages/domain/src/simulate.ts `buildPlanInput` is the reference). Loaded once per batch.
 */
export class BatchWorld {
  readonly #records = new Map<Key, PersonRecord>();
  readonly #initial = new Map<Key, PersonRecord>();
  readonly #created = new Set<Key>();
  readonly #byId = new Map<string, Key>();
  readonly #byEmail = new Map<string, Set<Key>>();
  readonly #byUsername = new Map<string, Key>();
  readonly #archiveNames = new Map<string, number>();
  readonly #linkedTo = new Map<Key, Party>();
  readonly #links = new Map<string, Link>();
  readonly #initialLinks = new Map<string, Link>();
  /** object ids in the order plans wrote their links */
  readonly #linkWrites = new Set<string>();

  constructor(
    readonly connectionId: string,
    records: readonly PersonRecord[],
    /** this connection's links of the batch's directory users, as loaded (S3.1) */
    links: readonly Link[],
    /** `_Archived` names held by records outside the world (D13; a superset is fine) */
    private readonly outsideArchiveNames: readonly string[] = [],
    /** a superset of the users whose winning rule targets contacts (contact-targets.ts) */
    private readonly mayContact: (o: DirectoryObservation) => boolean = () => true,
  ) {
    for (const record of records) {
      const key = keyOf(record);
      if (record.linkedTo) this.#linkedTo.set(key, record.linkedTo);
      const base = { ...record, linkedTo: null };
      this.#initial.set(key, base);
      this.#index(key, base);
    }
    for (const link of links) {
      this.#links.set(link.objectId, link);
      this.#initialLinks.set(link.objectId, link);
    }
  }

  has(key: Key): boolean {
    return this.#records.has(key);
  }

  /** A record at its current state, without `linkedTo` (plan effects do not read it). */
  get(key: Key): PersonRecord {
    const record = this.#records.get(key);
    if (!record) throw new Error(`batch world: ${key} was not loaded`);
    return record;
  }

  /** A record at its current state, with `linkedTo` from the current links. */
  view(key: Key): PersonRecord {
    const record = this.#records.get(key);
    if (!record) throw new Error(`batch world: ${key} was not loaded`);
    return { ...record, linkedTo: this.#linkedTo.get(key) ?? null };
  }

  findById(id: string): PersonRecord | null {
    const key = this.#byId.get(id);
    return key === undefined ? null : this.view(key);
  }

  create(record: PersonRecord): void {
    const key = keyOf(record);
    if (this.#records.has(key)) throw new Error(`batch world: duplicate id ${record.id}`);
    this.#created.add(key);
    this.#index(key, record);
  }

  set(record: PersonRecord): void {
    const key = keyOf(record);
    const previous = this.#records.get(key);
    if (!previous) throw new Error(`batch world: ${key} was not loaded`);
    this.#unindex(key, previous);
    this.#index(key, { ...record, linkedTo: null });
  }

  /** The link of (connection, objectId) after a plan; the observation time only moves forward (S4.5). */
  writeLink(link: Link): void {
    const previous = this.#links.get(link.objectId);
    const last =
      previous && previous.lastObservedAt.getTime() > link.lastObservedAt.getTime()
        ? previous.lastObservedAt
        : link.lastObservedAt;
    if (previous) this.#linkedTo.delete(keyOf({ kind: previous.kind, id: previous.recordId }));
    const next = { ...link, lastObservedAt: last };
    this.#links.set(link.objectId, next);
    this.#linkWrites.delete(link.objectId);
    this.#linkWrites.add(link.objectId);
    this.#linkedTo.set(keyOf({ kind: next.kind, id: next.recordId }), {
      connectionId: next.connectionId,
      objectId: next.objectId,
    });
  }

  /** What `loadPlanInput` would load for this user now (candidates by link, e-mail and username). */
  planInput(context: SyncContext, user: UserToApply): PlanInput {
    const { observation } = user;
    const present = observation.state === 'present';
    const email = present ? emailKey(emailOf(observation.user)) : null;
    const username = present
      ? (usernameFromUpn(observation.user.userPrincipalName)?.toLowerCase() ?? null)
      : null;
    const link = this.#links.get(observation.objectId) ?? null;
    const linked = link ? this.view(keyOf({ kind: link.kind, id: link.recordId })) : null;
    const emailMatches = email === null ? [] : [...(this.#byEmail.get(email) ?? [])].map((k) => this.view(k));
    emailMatches.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const holderKey = username === null ? undefined : this.#byUsername.get(username);
    const usernameHolder = holderKey === undefined ? null : this.view(holderKey);
    const candidates = [
      ...(linked ? [linked] : []),
      ...emailMatches,
      ...(usernameHolder ? [usernameHolder] : []),
    ];
    // loadPlanInput's condition, with a superset of contact winners: more names are fine (D13)
    const archivable =
      this.mayContact(observation) &&
      candidates.some((r) => r.kind === 'employee' && !r.isRoot && r.status !== 'archived');
    return {
      connectionId: context.connectionId,
      observation,
      trigger: user.trigger,
      rules: context.rules,
      defaults: context.defaults,
      link: link && linked ? { link: { ...link }, record: linked } : null,
      emailMatches,
      usernameHolder,
      takenArchiveNames: archivable ? this.#takenArchiveNames() : [],
    };
  }

  #takenArchiveNames(): string[] {
    return [...this.outsideArchiveNames, ...this.#archiveNames.keys()];
  }

  /** Every record at its current state (with `linkedTo`), and this connection's links. */
  records(): PersonRecord[] {
    return [...this.#records.keys()].map((key) => this.view(key));
  }

  links(): Link[] {
    return [...this.#links.values()];
  }

  /** Records this batch created, at their final state. */
  created(): PersonRecord[] {
    return [...this.#created].map((key) => this.view(key));
  }

  /** Loaded records whose state differs from what was loaded: [as loaded, now]. */
  changed(): [PersonRecord, PersonRecord][] {
    const out: [PersonRecord, PersonRecord][] = [];
    for (const [key, before] of this.#initial) {
      const now = this.#records.get(key);
      if (now && now !== before) out.push([before, now]);
    }
    return out;
  }

  /** Whether the database had no link for this directory user when the batch loaded. */
  readonly isNewLink = (link: Link): boolean => !this.#initialLinks.has(link.objectId);

  /** Links whose state differs from what was loaded, in the order the plans wrote them. */
  changedLinks(): Link[] {
    return [...this.#linkWrites].flatMap((objectId) => {
      const link = this.#links.get(objectId);
      const before = this.#initialLinks.get(objectId);
      const same =
        link !== undefined &&
        before !== undefined &&
        before.kind === link.kind &&
        before.recordId === link.recordId &&
        before.lastObservedAt.getTime() === link.lastObservedAt.getTime() &&
        before.fingerprint === link.fingerprint &&
        before.inScope === link.inScope;
      return link === undefined || same ? [] : [link];
    });
  }

  #index(key: Key, record: PersonRecord): void {
    this.#records.set(key, record);
    this.#byId.set(record.id, key);
    const email = emailKey(record.email);
    if (email !== null) {
      const keys = this.#byEmail.get(email) ?? new Set<Key>();
      keys.add(key);
      this.#byEmail.set(email, keys);
    }
    const username = usernameKey(record);
    if (username !== null) this.#byUsername.set(username, key);
    for (const name of archiveNamesOf(record))
      this.#archiveNames.set(name, (this.#archiveNames.get(name) ?? 0) + 1);
  }

  #unindex(key: Key, record: PersonRecord): void {
    const email = emailKey(record.email);
    if (email !== null) this.#byEmail.get(email)?.delete(key);
    const username = usernameKey(record);
    if (username !== null && this.#byUsername.get(username) === key) this.#byUsername.delete(username);
    for (const name of archiveNamesOf(record)) {
      const count = (this.#archiveNames.get(name) ?? 0) - 1;
      if (count > 0) this.#archiveNames.set(name, count);
      else this.#archiveNames.delete(name);
    }
  }
}

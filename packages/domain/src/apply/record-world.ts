import { emailOf, normaliseEmail, usernameFromUpn } from '../mapping';
import type { Plan } from '../plan.types';
import { compareIds } from '../record-ref';
import type {
  DirectoryObservation,
  EmployeeDefaults,
  Link,
  MappingRule,
  PersonRecord,
  PlanInput,
  Trigger,
} from '../types';
import { planEffects, type PlanEffects, recordKey } from './plan-effects';

type Party = { connectionId: string; objectId: string };

/** Per connection: what every plan of a batch shares. */
export interface PlanContext {
  connectionId: string;
  /** S3.4: the MSP's own directory (employees in reach) */
  staffTenant: boolean;
  rules: readonly MappingRule[];
  defaults: EmployeeDefaults;
}

export interface UserToApply {
  observation: DirectoryObservation;
  trigger: Trigger;
}

export interface WorldOptions {
  /** `_Archived` names held by records outside the world (D13; a superset is fine) */
  outsideArchiveNames?: readonly string[];
  /** a superset of the users whose winning rule targets contacts (`mayTargetContact`); default: everyone */
  mayContact?: (observation: DirectoryObservation) => boolean;
}

const ARCHIVED = '_archived';
const partyKey = (p: Party): string => `${p.connectionId}\u0000${p.objectId}`;
const usernameKey = (record: PersonRecord): string | null => record.login?.username.toLowerCase() ?? null;
const archiveNamesOf = (record: PersonRecord): string[] =>
  [record.login?.username, record.email]
    .filter((name): name is string => typeof name === 'string')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name.includes(ARCHIVED));

/**
 * Records and links in memory, indexed like the database (e-mail, login username, links), at their state
 * after every plan applied so far. `planInput` is what the planner sees of one user (PlanInput's contract),
 * `apply` commits a plan's effects (unique logins and links enforced like the database's indexes). Loaded
 * with everything, it is the reference semantics (`simulate`); the db package loads the records a batch
 * can reach and writes what changed.
 */
export class RecordWorld {
  readonly #records = new Map<string, PersonRecord>();
  readonly #initial = new Map<string, PersonRecord>();
  readonly #created = new Set<string>();
  readonly #byId = new Map<string, string>();
  readonly #byEmail = new Map<string, Set<string>>();
  readonly #byUsername = new Map<string, string>();
  readonly #archiveNames = new Map<string, number>();
  readonly #linkedTo = new Map<string, Party>();
  readonly #links = new Map<string, Link>();
  readonly #initialLinks = new Map<string, Link>();
  /** party keys in the order plans wrote their links */
  readonly #linkWrites = new Set<string>();
  readonly #outsideArchiveNames: readonly string[];
  readonly #mayContact: (observation: DirectoryObservation) => boolean;

  constructor(
    /** records with `linkedTo` as stored (links of other users and connections included) */
    records: readonly PersonRecord[],
    /** the links plans may read and write (S3.1) */
    links: readonly Link[],
    options: WorldOptions = {},
  ) {
    this.#outsideArchiveNames = options.outsideArchiveNames ?? [];
    this.#mayContact = options.mayContact ?? (() => true);
    for (const record of records) {
      const key = recordKey(record);
      if (record.linkedTo) this.#linkedTo.set(key, record.linkedTo);
      const base = { ...record, linkedTo: null };
      this.#initial.set(key, base);
      this.#index(key, base);
    }
    for (const link of links) {
      this.#links.set(partyKey(link), link);
      this.#initialLinks.set(partyKey(link), link);
    }
  }

  /** A record at its current state, with `linkedTo` from the current links. */
  view(key: string): PersonRecord {
    const record = this.#records.get(key);
    if (!record) throw new Error(`record world: ${key} was not loaded`);
    return { ...record, linkedTo: this.#linkedTo.get(key) ?? null };
  }

  /** What the planner sees of this user now: its link, e-mail matches, username holder, archive names. */
  planInput(context: PlanContext, user: UserToApply): PlanInput {
    const { observation } = user;
    const present = observation.state === 'present';
    const email = present ? normaliseEmail(emailOf(observation.user)) : null;
    const username = present
      ? (usernameFromUpn(observation.user.userPrincipalName)?.toLowerCase() ?? null)
      : null;
    const party = { connectionId: context.connectionId, objectId: observation.objectId };
    const link = this.#links.get(partyKey(party)) ?? null;
    const linked = link ? this.view(recordKey({ kind: link.kind, id: link.recordId })) : null;
    const emailMatches = email === null ? [] : [...(this.#byEmail.get(email) ?? [])].map((k) => this.view(k));
    emailMatches.sort((a, b) => compareIds(a.id, b.id));
    const holderKey = username === null ? undefined : this.#byUsername.get(username);
    const usernameHolder = holderKey === undefined ? null : this.view(holderKey);
    const candidates = [
      ...(linked ? [linked] : []),
      ...emailMatches,
      ...(usernameHolder ? [usernameHolder] : []),
    ];
    // archives happen only for a contact winner, to a non-root employee not archived yet (S6.2, D7)
    const archivable =
      this.#mayContact(observation) &&
      candidates.some((r) => r.kind === 'employee' && !r.isRoot && r.status !== 'archived');
    return {
      connectionId: context.connectionId,
      staffTenant: context.staffTenant,
      observation,
      trigger: user.trigger,
      rules: context.rules,
      defaults: context.defaults,
      link: link && linked ? { link: { ...link }, record: linked } : null,
      emailMatches,
      usernameHolder,
      takenArchiveNames: archivable ? [...this.#outsideArchiveNames, ...this.#archiveNames.keys()] : [],
    };
  }

  /** Commits a plan's effects, all or nothing: a unique violation throws and leaves the world as it was. */
  apply(plan: Plan, newId: () => string): PlanEffects {
    const party = partyKey(plan);
    const previous = this.#links.get(party) ?? null;
    const reader = {
      get: (key: string) => this.#records.get(key),
      findById: (id: string) => {
        const key = this.#byId.get(id);
        return key === undefined ? null : this.view(key);
      },
    };
    const effects = planEffects(plan, reader, previous, newId);
    this.#checkUnique(effects, plan);
    for (const [key, record] of effects.records) {
      const before = this.#records.get(key);
      if (before) this.#unindex(key, before);
      else this.#created.add(key);
      this.#index(key, record);
    }
    if (effects.link) this.#writeLink(party, effects.link);
    return effects;
  }

  /** Every record at its current state (with `linkedTo`), loaded ones first. */
  records(): PersonRecord[] {
    return [...this.#records.keys()].map((key) => this.view(key));
  }

  links(): Link[] {
    return [...this.#links.values()];
  }

  /** Records created since the world was loaded, at their current state. */
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

  /** Whether the link did not exist when the world was loaded. */
  readonly isNewLink = (link: Link): boolean => !this.#initialLinks.has(partyKey(link));

  /** Links whose state differs from what was loaded, in the order the plans wrote them. */
  changedLinks(): Link[] {
    return [...this.#linkWrites].flatMap((party) => {
      const link = this.#links.get(party);
      const before = this.#initialLinks.get(party);
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

  /** S0 one login per username, S3.3 one directory user per record — as the database's unique indexes. */
  #checkUnique(effects: PlanEffects, plan: Plan): void {
    const taken = new Map<string, string>();
    for (const [key, record] of effects.records) {
      const name = usernameKey(record);
      if (name === null) continue;
      const other = taken.get(name) ?? this.#byUsername.get(name);
      const stillHolds = (k: string): boolean => {
        const next = effects.records.get(k);
        return next === undefined || usernameKey(next) === name;
      };
      if (other !== undefined && other !== key && stillHolds(other))
        throw new Error(`unique violation: login username ${name} is held by ${other} (S0)`);
      taken.set(name, key);
    }
    const link = effects.link;
    if (!link) return;
    const key = recordKey({ kind: link.kind, id: link.recordId });
    if (!this.#records.has(key) && !effects.records.has(key))
      throw new Error(`link of ${plan.objectId} points to a missing ${key}`);
    const holder = this.#linkedTo.get(key);
    if (holder && partyKey(holder) !== partyKey(plan))
      throw new Error(
        `unique violation: ${key} is already linked to directory user ${holder.objectId} (S3.3)`,
      );
  }

  #writeLink(party: string, link: Link): void {
    const previous = this.#links.get(party);
    if (previous) this.#linkedTo.delete(recordKey({ kind: previous.kind, id: previous.recordId }));
    this.#links.set(party, link);
    this.#linkWrites.delete(party);
    this.#linkWrites.add(party);
    this.#linkedTo.set(recordKey({ kind: link.kind, id: link.recordId }), {
      connectionId: link.connectionId,
      objectId: link.objectId,
    });
  }

  #index(key: string, record: PersonRecord): void {
    this.#records.set(key, record);
    this.#byId.set(record.id, key);
    const email = normaliseEmail(record.email);
    if (email !== null) {
      const keys = this.#byEmail.get(email) ?? new Set<string>();
      keys.add(key);
      this.#byEmail.set(email, keys);
    }
    const username = usernameKey(record);
    if (username !== null) this.#byUsername.set(username, key);
    for (const name of archiveNamesOf(record))
      this.#archiveNames.set(name, (this.#archiveNames.get(name) ?? 0) + 1);
  }

  #unindex(key: string, record: PersonRecord): void {
    const email = normaliseEmail(record.email);
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

import type { EmulatorClient } from '../infra/emulator-client';
import type { BenchTenant } from '../infra/tenant';

export type ChangeKind = 'edit' | 'join' | 'leave' | 'disable' | 'enable' | 'delete' | 'restore' | 'create';

/** How often each change is drawn (removals are capped separately, see `removalBudget`). */
const WEIGHTS: Array<[ChangeKind, number]> = [
  ['edit', 50],
  ['join', 12],
  ['leave', 8],
  ['disable', 6],
  ['enable', 6],
  ['delete', 5],
  ['restore', 3],
  ['create', 10],
];
const REMOVALS: ReadonlySet<ChangeKind> = new Set(['leave', 'disable', 'delete']);

export interface StreamOptions {
  ratePerSecond: number;
  /**
   * removals (leave, disable, delete) allowed in the whole run: kept well under S8's guard (20 % of the synced
   * users within its window), so no removal waits for an operator's confirmation and the oracle can expect it
   */
  removalBudget: number;
  /** users the stream leaves alone (the recovery probes edit them) */
  reserved: ReadonlySet<string>;
  random: () => number;
}

/**
 * A steady stream of directory changes through the emulator's control API, as an administrator would make them:
 * edits, group joins and leaves, disables, soft deletes and restores, new users. A change the emulator refuses
 * (leaving a group the user is not in) is counted as skipped; the final directory is read back for the oracle.
 */
export class DirectoryStream {
  readonly made: Record<ChangeKind, number> = {
    edit: 0,
    join: 0,
    leave: 0,
    disable: 0,
    enable: 0,
    delete: 0,
    restore: 0,
    create: 0,
  };
  skipped = 0;
  private removals = 0;
  private serial = 0;
  private readonly present: string[];
  private readonly deleted: string[] = [];
  private running = false;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly emulator: EmulatorClient,
    private readonly tenant: BenchTenant,
    private readonly domain: string,
    private readonly options: StreamOptions,
  ) {
    this.present = tenant.users.map((u) => u.id).filter((id) => !options.reserved.has(id));
  }

  /** object ids of users this run soft-deleted and did not restore */
  get deletedIds(): readonly string[] {
    return this.deleted;
  }

  get total(): number {
    return Object.values(this.made).reduce((a, b) => a + b, 0);
  }

  start(): void {
    this.running = true;
    const gapMs = 1000 / this.options.ratePerSecond;
    this.loop = (async () => {
      let next = Date.now();
      while (this.running) {
        await this.one().catch(() => this.skipped++);
        next += gapMs;
        const wait = next - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        else next = Date.now();
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private pick<T>(list: readonly T[]): T | undefined {
    return list[Math.floor(this.options.random() * list.length)];
  }

  private draw(): ChangeKind {
    const total = WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
    let at = this.options.random() * total;
    for (const [kind, weight] of WEIGHTS) {
      at -= weight;
      if (at < 0) return kind;
    }
    return 'edit';
  }

  private async one(): Promise<void> {
    let kind = this.draw();
    if (REMOVALS.has(kind) && this.removals >= this.options.removalBudget) kind = 'edit';
    const t = this.tenant.tenantId;
    const user = this.pick(this.present);
    const group = this.pick(this.tenant.groupIds);
    const n = ++this.serial;
    if (!user || !group) return;
    const users = `/tenants/${t}/users`;
    switch (kind) {
      case 'edit':
        await this.emulator.patchUser(t, user, {
          jobTitle: `chaos change ${n}`,
          mobilePhone: `+1 555 ${String(n).padStart(7, '0')}`,
        });
        break;
      case 'join':
        await this.emulator.call('POST', `/tenants/${t}/groups/${group}/members`, { memberId: user });
        break;
      case 'leave':
        await this.emulator.call('DELETE', `/tenants/${t}/groups/${group}/members/${user}`);
        break;
      case 'disable':
      case 'enable':
        await this.emulator.patchUser(t, user, { accountEnabled: kind === 'enable' });
        break;
      case 'delete':
        await this.emulator.call('POST', `${users}/${user}/soft-delete`);
        this.present.splice(this.present.indexOf(user), 1);
        this.deleted.push(user);
        break;
      case 'restore': {
        const back = this.deleted.pop();
        if (!back) return void this.skipped++;
        await this.emulator.call('POST', `${users}/${back}/restore`);
        this.present.push(back);
        break;
      }
      case 'create': {
        const name = `chaos.user${n}`;
        const created = await this.emulator.call<{ id: string }>('POST', users, {
          userPrincipalName: `${name}@${this.domain}`,
          mail: `${name}@${this.domain}`,
          givenName: 'Chaos',
          surname: `User ${n}`,
          accountEnabled: true,
        });
        await this.emulator.call('POST', `/tenants/${t}/groups/${group}/members`, { memberId: created.id });
        this.present.push(created.id);
        break;
      }
    }
    if (REMOVALS.has(kind)) this.removals++;
    this.made[kind]++;
  }
}

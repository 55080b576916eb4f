import type { EmulatorControl } from './emulator-control';
import { DEMO_GROUPS, demoTarget, type DemoGroupKey, type DemoTenant, type DemoUser } from './demo-tenant';

const TITLES = [
  'Team Lead',
  'Senior Engineer',
  'Account Manager',
  'Consultant',
  'Project Manager',
  'Analyst',
];

interface Cast {
  anyone: DemoUser[];
  portal: DemoUser[];
  northwind: DemoUser[];
  staff: DemoUser[];
}

/**
 * A gentle stream of directory changes through the emulator's control API, one every few seconds, so a
 * newcomer watches records follow the directory: title changes (S4.3), a user disabled and enabled (S5.2),
 * a user moved between groups (S1.2), a soft delete and a restore (S5.1).
 */
export class DemoChangeStream {
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private step = 0;
  private readonly cast: Cast;

  constructor(
    private readonly control: EmulatorControl,
    private readonly tenant: DemoTenant,
    private readonly print: (line: string) => void,
  ) {
    const inScope = tenant.users.filter((u) => demoTarget(u) !== null && u.accountEnabled);
    this.cast = {
      anyone: inScope,
      portal: inScope.filter((u) => demoTarget(u) === 'portal'),
      northwind: inScope.filter((u) => demoTarget(u) === 'contacts'),
      staff: inScope.filter((u) => demoTarget(u) === 'staff'),
    };
  }

  start(periodMs: number): void {
    if (periodMs <= 0 || this.cast.anyone.length === 0) return;
    this.timer = setInterval(() => {
      if (this.inFlight) return;
      this.inFlight = this.next()
        .then((line) => this.print(`[demo] ${line}`))
        .catch((err: unknown) =>
          this.print(`[demo] WARN a directory change failed: ${(err as Error).message}`),
        )
        .finally(() => {
          this.inFlight = null;
        });
    }, periodMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.inFlight;
  }

  /** One change of the script; each round of ten picks other people. */
  async next(): Promise<string> {
    const round = Math.floor(this.step / 10);
    const at = <T>(list: T[], offset: number): T => list[(round * 3 + offset) % list.length] as T;
    const slot = this.step % 10;
    this.step += 1;
    const { anyone, portal, northwind, staff } = this.cast;
    const pick = (list: DemoUser[], offset: number) =>
      list.length > 0 ? at(list, offset) : at(anyone, offset);
    // S8: removals (a disable, a delete) only every fourth round, about 36 an hour at the default 5 s, so the
    // demo stays under the mass-removal guard's 20 % an hour of 300 users instead of filling Confirmations.
    const removing = round % 4 === 0;
    if (!removing && [1, 3, 6, 7].includes(slot)) {
      return this.retitle(at(anyone, slot), TITLES[(this.step + round) % TITLES.length] as string);
    }
    switch (slot) {
      case 0:
      case 2:
      case 5:
      case 9:
        return this.retitle(at(anyone, slot), TITLES[(this.step + round) % TITLES.length] as string);
      case 1:
        return this.setEnabled(pick(portal, 0), false);
      case 3:
        return this.setEnabled(pick(portal, 0), true);
      case 4:
        return this.move(pick(northwind, 0), 'contacts', 'portal');
      case 6:
        return this.softDelete(pick(staff, 0));
      case 7:
        return this.restore(pick(staff, 0));
      default:
        return this.move(pick(northwind, 0), 'portal', 'contacts');
    }
  }

  private path(user: DemoUser, suffix = ''): string {
    return `/tenants/${this.tenant.tenantId}/users/${user.id}${suffix}`;
  }

  private async retitle(user: DemoUser, jobTitle: string): Promise<string> {
    await this.control.request('PATCH', this.path(user), { jobTitle });
    return `${who(user)}: job title → "${jobTitle}" ${where(user)}`;
  }

  private async setEnabled(user: DemoUser, accountEnabled: boolean): Promise<string> {
    await this.control.request('PATCH', this.path(user), { accountEnabled });
    return `${who(user)}: account ${accountEnabled ? 're-enabled → active again' : 'disabled → inactive, login off'} ${where(user)}`;
  }

  private async softDelete(user: DemoUser): Promise<string> {
    await this.control.request('POST', this.path(user, '/soft-delete'));
    return `${who(user)}: deleted (recycle bin) → record deactivated, never deleted ${where(user)}`;
  }

  private async restore(user: DemoUser): Promise<string> {
    await this.control.request('POST', this.path(user, '/restore'));
    return `${who(user)}: restored from the recycle bin → active again ${where(user)}`;
  }

  private async move(user: DemoUser, from: DemoGroupKey, to: DemoGroupKey): Promise<string> {
    const groups = this.tenant.groups;
    await this.control.request('POST', `/tenants/${this.tenant.tenantId}/groups/${groups[to]}/members`, {
      memberId: user.id,
    });
    await this.control.request(
      'DELETE',
      `/tenants/${this.tenant.tenantId}/groups/${groups[from]}/members/${user.id}`,
    );
    const outcome =
      to === 'portal' ? 'Fabrikam contact with a portal login' : 'Northwind contact, portal login removed';
    return `${who(user)}: moved from "${label(from)}" to "${label(to)}" → ${outcome} (GET /api/contacts?objectId=${user.id})`;
  }
}

const label = (key: DemoGroupKey) => DEMO_GROUPS.find((g) => g.key === key)?.displayName ?? key;
const who = (user: DemoUser) =>
  `${user.givenName ?? ''} ${user.surname ?? ''} <${user.userPrincipalName}>`.trim();
function where(user: DemoUser): string {
  const target = demoTarget(user);
  const kind = target === 'leads' || target === 'staff' ? 'employees' : 'contacts';
  return `(GET /api/${kind}?objectId=${user.id})`;
}

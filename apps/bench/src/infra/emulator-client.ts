import type { FaultConfig } from '@entra-sync/graph-emulator';

export interface EmulatorCounters {
  total: number;
  graphRequests: number;
  resourceUnits: number;
  byStatus: Record<string, number>;
  byRoute: Record<string, number>;
}

/** The emulator's control API (`/_emulator`), as the benchmark drives it from outside the emulator's process. */
export class EmulatorClient {
  constructor(readonly url: string) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}/_emulator${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`emulator ${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  createTenant(): Promise<{ id: string; domain: string }> {
    return this.call('POST', '/tenants', {});
  }

  createApp(tenantId: string): Promise<{ clientId: string; clientSecret: string }> {
    return this.call('POST', `/tenants/${tenantId}/apps`, { displayName: 'entra-sync bench' });
  }

  seed(tenantId: string, input: { seed: string; users: number; groups: number }) {
    return this.call<{
      users: number;
      groups: number;
      memberships: number;
      nestedGroups: number;
      groupIds: string[];
    }>('POST', `/tenants/${tenantId}/seed`, input);
  }

  patchUser(tenantId: string, userId: string, patch: Record<string, unknown>): Promise<unknown> {
    return this.call('PATCH', `/tenants/${tenantId}/users/${userId}`, patch);
  }

  dropNotifications(drop: boolean): Promise<unknown> {
    return this.call('PUT', '/notifications', { drop });
  }

  faults(config: FaultConfig | null): Promise<unknown> {
    return config === null ? this.call('DELETE', '/faults') : this.call('PUT', '/faults', config);
  }

  counters(): Promise<EmulatorCounters> {
    return this.call('GET', '/counters');
  }

  resetCounters(): Promise<unknown> {
    return this.call('DELETE', '/counters');
  }
}

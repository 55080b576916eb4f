import { randomBytes, randomUUID } from 'node:crypto';
import { Directory } from './directory';
import { EmulatorError } from './emulator-error';
import { seedDirectory, type SeedOptions, type SeedResult } from './seed';
import type { ChangeEvent, EmuApp, EmuSubscription } from './types';

export interface Tenant {
  id: string;
  domain: string;
  displayName: string;
  directory: Directory;
  /** bumping it invalidates every delta token handed out so far (control API "expire delta tokens") */
  deltaGeneration: number;
  subscriptions: Map<string, EmuSubscription>;
  /** multi-tenant apps from other tenants that an admin consented to here */
  consentedApps: Set<string>;
}

export interface FaultConfig {
  /** share of Graph requests answered 429 with Retry-After */
  throttle?: { share: number; retryAfterSeconds: number; limit?: number };
  /** share of Graph requests answered 503 */
  unavailable?: { share: number; retryAfterSeconds?: number; limit?: number };
  /** added to every Graph request */
  latencyMs?: number;
  /** only requests for this tenant (default: all) */
  tenantId?: string;
}

export interface DeliveryRecord {
  id: number;
  kind: 'validation' | 'notification' | 'lifecycle';
  tenantId: string;
  subscriptionId: string | null;
  url: string;
  attempt: number;
  notifications: Array<{ changeType: string; resourceId: string }>;
  /** HTTP status of the receiver's answer; null when it did not answer (timeout, refused) or was dropped */
  status: number | null;
  durationMs: number;
  dropped: boolean;
  error: string | null;
  at: string;
}

export const DEFAULT_PERMISSIONS = ['User.Read.All', 'GroupMember.Read.All'];
const MAX_DELIVERY_RECORDS = 20_000;

export class EmulatorState {
  readonly tenants = new Map<string, Tenant>();
  readonly apps = new Map<string, EmuApp>();
  faults: FaultConfig | null = null;
  dropNotifications = false;
  readonly deliveries: DeliveryRecord[] = [];
  readonly counters = {
    /** every HTTP request but the control API's (token requests and each $batch item included) */
    total: 0,
    byStatus: {} as Record<string, number>,
    byRoute: {} as Record<string, number>,
    /** Graph requests as a client sent them: a $batch counts once, its items not */
    graphRequests: 0,
    /** Microsoft's resource-unit estimate of the Graph calls (each $batch item charged, the envelope not) */
    resourceUnits: 0,
  };
  /** set by the notifier: hears every directory change */
  changeListener: (event: ChangeEvent) => void = () => {};
  private deliverySeq = 0;

  createTenant(input: { id?: string; domain?: string; displayName?: string } = {}): Tenant {
    const id = (input.id ?? randomUUID()).toLowerCase();
    const domain = (input.domain ?? `tenant${id.slice(0, 8)}.onmicrosoft.com`).toLowerCase();
    if (this.tenants.has(id) || this.findTenant(domain)) {
      throw new EmulatorError(
        409,
        'TenantExists',
        `A tenant with id '${id}' or domain '${domain}' already exists.`,
      );
    }
    const tenant: Tenant = {
      id,
      domain,
      displayName: input.displayName ?? domain,
      directory: new Directory((event) => this.changeListener({ ...event, tenantId: id })),
      deltaGeneration: 1,
      subscriptions: new Map(),
      consentedApps: new Set(),
    };
    this.tenants.set(id, tenant);
    return tenant;
  }

  findTenant(idOrDomain: string): Tenant | undefined {
    const key = idOrDomain.toLowerCase();
    const byId = this.tenants.get(key);
    if (byId) return byId;
    for (const tenant of this.tenants.values()) if (tenant.domain === key) return tenant;
    return undefined;
  }

  requireTenant(idOrDomain: string): Tenant {
    const tenant = this.findTenant(idOrDomain);
    if (!tenant) throw new EmulatorError(404, 'TenantNotFound', `Tenant '${idOrDomain}' not found.`);
    return tenant;
  }

  /** Registers an app in a tenant; returns the secret (generated when not given) once, as Entra does. */
  createApp(
    tenantIdOrDomain: string,
    input: {
      clientId?: string;
      clientSecret?: string;
      displayName?: string;
      permissions?: string[];
      redirectUris?: string[];
    } = {},
  ): { app: EmuApp; clientSecret: string } {
    const tenant = this.requireTenant(tenantIdOrDomain);
    const clientId = input.clientId ?? randomUUID();
    if (this.apps.has(clientId))
      throw new EmulatorError(409, 'AppExists', `An app with client id '${clientId}' already exists.`);
    const clientSecret = input.clientSecret ?? randomBytes(30).toString('base64url');
    const app: EmuApp = {
      clientId,
      displayName: input.displayName ?? `app ${clientId.slice(0, 8)}`,
      homeTenantId: tenant.id,
      secrets: new Set([clientSecret]),
      permissions: input.permissions ?? [...DEFAULT_PERMISSIONS],
      redirectUris: input.redirectUris ?? [],
    };
    this.apps.set(clientId, app);
    return { app, clientSecret };
  }

  requireApp(clientId: string): EmuApp {
    const app = this.apps.get(clientId);
    if (!app) throw new EmulatorError(404, 'AppNotFound', `App '${clientId}' not found.`);
    return app;
  }

  /** Admin consent of a (multi-tenant) app in another tenant: its service principal now exists there. */
  grantConsent(tenantIdOrDomain: string, clientId: string): void {
    this.requireApp(clientId);
    this.requireTenant(tenantIdOrDomain).consentedApps.add(clientId);
  }

  /** The app as seen from `tenant`: registered there or consented there. */
  appInTenant(tenant: Tenant, clientId: string): EmuApp | undefined {
    const app = this.apps.get(clientId);
    if (!app) return undefined;
    return app.homeTenantId === tenant.id || tenant.consentedApps.has(clientId) ? app : undefined;
  }

  /** Invalidates one secret, or all of them; tokens already issued stay valid until they expire (as in Entra). */
  invalidateSecret(clientId: string, secret?: string): void {
    const app = this.requireApp(clientId);
    if (secret === undefined) app.secrets.clear();
    else app.secrets.delete(secret);
  }

  addSecret(clientId: string, secret = randomBytes(30).toString('base64url')): string {
    this.requireApp(clientId).secrets.add(secret);
    return secret;
  }

  expireDeltaTokens(tenantIdOrDomain: string): void {
    this.requireTenant(tenantIdOrDomain).deltaGeneration++;
  }

  seed(tenantIdOrDomain: string, options: SeedOptions): SeedResult {
    const tenant = this.requireTenant(tenantIdOrDomain);
    const listener = this.changeListener;
    this.changeListener = () => {};
    try {
      return seedDirectory(tenant.directory, tenant.domain, options);
    } finally {
      this.changeListener = listener;
    }
  }

  recordDelivery(record: Omit<DeliveryRecord, 'id' | 'at'>): DeliveryRecord {
    const full = { ...record, id: ++this.deliverySeq, at: new Date().toISOString() };
    this.deliveries.push(full);
    if (this.deliveries.length > MAX_DELIVERY_RECORDS)
      this.deliveries.splice(0, this.deliveries.length - MAX_DELIVERY_RECORDS);
    return full;
  }

  countRequest(route: string, status: number, graph?: { batchItem: boolean; resourceUnits: number }): void {
    this.counters.total++;
    if (graph && !graph.batchItem) this.counters.graphRequests++;
    if (graph) this.counters.resourceUnits += graph.resourceUnits;
    this.counters.byStatus[status] = (this.counters.byStatus[status] ?? 0) + 1;
    this.counters.byRoute[route] = (this.counters.byRoute[route] ?? 0) + 1;
  }

  resetCounters(): void {
    this.counters.total = 0;
    this.counters.byStatus = {};
    this.counters.byRoute = {};
    this.counters.graphRequests = 0;
    this.counters.resourceUnits = 0;
  }
}

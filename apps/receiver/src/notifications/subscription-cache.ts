import { createHash, timingSafeEqual } from 'node:crypto';
import { type Db, type SecretBox, findSubscription, getConnection } from '@entra-sync/db';

/** What the hot path needs about a subscription; the clientState is kept only as a digest. */
export interface KnownSubscription {
  subscriptionId: string;
  connectionId: string;
  /** as created: `users`, `groups`, `users/{id}` … */
  resource: string;
  /** the connection's tenant GUID, lower-cased; null when not resolved yet */
  tenantId: string | null;
  clientStateDigest: Buffer;
}

export interface SubscriptionCacheOptions {
  /** how long a found subscription is trusted without asking Postgres again */
  ttlMs?: number;
  /** short, so a subscription saved just after Graph's first delivery is found soon */
  missTtlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Constant-time clientState check: both sides are SHA-256 digests, so the buffers always have equal
 * length and neither the content nor the length of the secret leaks through timing.
 */
export function clientStateMatches(known: KnownSubscription, received: string | null | undefined): boolean {
  if (typeof received !== 'string' || received.length === 0) return false;
  return timingSafeEqual(known.clientStateDigest, digest(received));
}

/** Looks subscriptions up by id with a small in-memory cache; concurrent misses share one query. */
export class SubscriptionCache {
  private readonly entries = new Map<string, { value: KnownSubscription | null; expiresAt: number }>();
  private readonly pending = new Map<string, Promise<KnownSubscription | null>>();
  private readonly ttlMs: number;
  private readonly missTtlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
    options: SubscriptionCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.missTtlMs = options.missTtlMs ?? 5_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Throws when Postgres cannot answer (the caller answers 503 so Graph redelivers). */
  async get(subscriptionId: string): Promise<KnownSubscription | null> {
    const cached = this.entries.get(subscriptionId);
    if (cached && cached.expiresAt > this.now()) return cached.value;
    let lookup = this.pending.get(subscriptionId);
    if (!lookup) {
      lookup = this.load(subscriptionId).finally(() => this.pending.delete(subscriptionId));
      this.pending.set(subscriptionId, lookup);
    }
    return lookup;
  }

  clear(): void {
    this.entries.clear();
  }

  private async load(subscriptionId: string): Promise<KnownSubscription | null> {
    const value = await this.query(subscriptionId);
    this.entries.delete(subscriptionId);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(subscriptionId, {
      value,
      expiresAt: this.now() + (value ? this.ttlMs : this.missTtlMs),
    });
    return value;
  }

  private async query(subscriptionId: string): Promise<KnownSubscription | null> {
    const subscription = await findSubscription(this.db, this.box, subscriptionId);
    if (!subscription) return null;
    const connection = await getConnection(this.db, subscription.connectionId);
    if (!connection) return null;
    // A connection typed with its tenant GUID is known before the worker resolves tenantId.
    const tenantId = connection.tenantId ?? (GUID.test(connection.tenant) ? connection.tenant : null);
    return {
      subscriptionId,
      connectionId: connection.id,
      resource: subscription.resource,
      tenantId: tenantId?.toLowerCase() ?? null,
      clientStateDigest: digest(subscription.clientState),
    };
  }
}

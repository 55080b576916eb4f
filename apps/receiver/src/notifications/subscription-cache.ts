import { hash, timingSafeEqual } from 'node:crypto';
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
  /**
   * after the TTL, how much longer a found subscription keeps answering while one background read refreshes it
   * (refresh-ahead: no request waits for Postgres at expiry); past this, requests wait for the read
   */
  staleMs?: number;
  /** short, so a subscription saved just after Graph's first delivery is found soon */
  missTtlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// one-shot: no Hash object per notification (about half the cost of createHash().update().digest())
const digest = (value: string) => hash('sha256', value, 'buffer');

/**
 * Constant-time clientState check: both sides are SHA-256 digests, so the buffers always have equal
 * length and neither the content nor the length of the secret leaks through timing.
 */
export function clientStateMatches(known: KnownSubscription, received: string | null | undefined): boolean {
  if (typeof received !== 'string' || received.length === 0) return false;
  return timingSafeEqual(known.clientStateDigest, digest(received));
}

interface Entry {
  value: KnownSubscription | null;
  /** fresh until then */
  expiresAt: number;
  /** answered (while a refresh runs) until then; equals expiresAt for a miss */
  staleUntil: number;
}

/**
 * Looks subscriptions up by id with a small in-memory cache; concurrent misses share one query, and an expired
 * subscription is refreshed in the background while the cached one still answers (decision R5).
 */
export class SubscriptionCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<KnownSubscription | null>>();
  private readonly ttlMs: number;
  private readonly staleMs: number;
  private readonly missTtlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
    options: SubscriptionCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.staleMs = options.staleMs ?? this.ttlMs;
    this.missTtlMs = options.missTtlMs ?? 5_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Throws when Postgres cannot answer (the caller answers 503 so Graph redelivers). */
  async get(subscriptionId: string): Promise<KnownSubscription | null> {
    const cached = this.entries.get(subscriptionId);
    const now = this.now();
    if (cached && cached.expiresAt > now) return cached.value;
    const lookup = this.lookup(subscriptionId);
    if (!cached || cached.staleUntil <= now) return lookup;
    // refresh-ahead: the failure of a background refresh shows in the request that waits for the next one
    lookup.catch(() => undefined);
    return cached.value;
  }

  /** The read in flight for this id, or a new one. */
  private lookup(subscriptionId: string): Promise<KnownSubscription | null> {
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

  /** Resolves once no read is in flight, background refreshes included (shutdown waits for them before pg closes). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending.values()]);
  }

  private async load(subscriptionId: string): Promise<KnownSubscription | null> {
    const value = await this.query(subscriptionId);
    this.entries.delete(subscriptionId);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    const expiresAt = this.now() + (value ? this.ttlMs : this.missTtlMs);
    this.entries.set(subscriptionId, {
      value,
      expiresAt,
      staleUntil: value ? expiresAt + this.staleMs : expiresAt,
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

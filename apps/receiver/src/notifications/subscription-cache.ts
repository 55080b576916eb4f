import { hash, timingSafeEqual } from 'node:crypto';
import { type Db, type SecretBox, findSubscription, getConnection } from '@entra-sync/db';
import { MissCache } from './miss-cache';

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
  /** how long an id Postgres does not know is answered from memory (decision R6) */
  missTtlMs?: number;
  /** found subscriptions kept; misses never take their place */
  maxEntries?: number;
  /** unknown ids remembered at once; when full, further unknown ids are refused without a query (R6) */
  maxMisses?: number;
  now?: () => number;
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
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
  value: KnownSubscription;
  /** fresh until then */
  expiresAt: number;
  /** answered (while a refresh runs) until then */
  staleUntil: number;
}

/**
 * Looks subscriptions up by id with a small in-memory cache; concurrent misses share one query, and an expired
 * subscription is refreshed in the background while the cached one still answers (decision R5). Unknown ids live
 * in a cache of their own, so a flood of forged ids can neither evict a known subscription nor reach Postgres more
 * than once per id and minute (R6).
 */
export class SubscriptionCache {
  private readonly entries = new Map<string, Entry>();
  private readonly misses: MissCache;
  private readonly pending = new Map<string, Promise<KnownSubscription | null>>();
  private readonly ttlMs: number;
  private readonly staleMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
    options: SubscriptionCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.staleMs = options.staleMs ?? this.ttlMs;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
    this.misses = new MissCache({
      ttlMs: options.missTtlMs ?? 60_000,
      maxEntries: options.maxMisses ?? 50_000,
      now: this.now,
    });
  }

  /** Throws when Postgres cannot answer (the caller answers 503 so Graph redelivers). */
  async get(subscriptionId: string): Promise<KnownSubscription | null> {
    // Graph's ids are GUIDs in lower case; anything else is not looked up, and case variants are one id
    if (!GUID.test(subscriptionId)) return null;
    const id = subscriptionId.toLowerCase();
    const cached = this.entries.get(id);
    const now = this.now();
    if (cached && cached.expiresAt > now) return cached.value;
    if (!cached && !this.pending.has(id) && !this.misses.mayQuery(id)) return null;
    const lookup = this.lookup(id);
    if (!cached || cached.staleUntil <= now) return lookup;
    // refresh-ahead: the failure of a background refresh shows in the request that waits for the next one
    lookup.catch(() => undefined);
    return cached.value;
  }

  /** The read in flight for this id, or a new one (single flight across concurrent requests). */
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
    this.misses.clear();
  }

  /** Resolves once no read is in flight, background refreshes included (shutdown waits for them before pg closes). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending.values()]);
  }

  private async load(subscriptionId: string): Promise<KnownSubscription | null> {
    const value = await this.query(subscriptionId);
    this.entries.delete(subscriptionId);
    if (!value) {
      this.misses.remember(subscriptionId);
      return null;
    }
    this.misses.forget(subscriptionId);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    const expiresAt = this.now() + this.ttlMs;
    this.entries.set(subscriptionId, { value, expiresAt, staleUntil: expiresAt + this.staleMs });
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

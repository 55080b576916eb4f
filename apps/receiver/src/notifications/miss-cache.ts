export interface MissCacheOptions {
  ttlMs: number;
  maxEntries: number;
  now: () => number;
}

/**
 * Subscription ids Postgres did not know, each remembered for `ttlMs`. Bounded: when every slot holds an unexpired
 * miss, a new unknown id is not queried at all (`mayQuery` is false), so a flood of distinct forged ids costs
 * Postgres at most `maxEntries` reads per TTL, whatever its size (decision R6).
 */
export class MissCache {
  /** id → expiry, in insertion order, so the oldest (first to expire) is first */
  private readonly misses = new Map<string, number>();

  constructor(private readonly options: MissCacheOptions) {}

  /** False while the id is a remembered miss, or while the cache is full of unexpired misses. */
  mayQuery(id: string): boolean {
    const now = this.options.now();
    const expiresAt = this.misses.get(id);
    if (expiresAt !== undefined) {
      if (expiresAt > now) return false;
      this.misses.delete(id);
    }
    this.sweep(now);
    return this.misses.size < this.options.maxEntries;
  }

  remember(id: string): void {
    this.misses.delete(id);
    this.misses.set(id, this.options.now() + this.options.ttlMs);
  }

  forget(id: string): void {
    this.misses.delete(id);
  }

  clear(): void {
    this.misses.clear();
  }

  get size(): number {
    return this.misses.size;
  }

  /** Drops expired misses from the front; each TTL is equal, so insertion order is expiry order. */
  private sweep(now: number): void {
    for (const [id, expiresAt] of this.misses) {
      if (expiresAt > now) return;
      this.misses.delete(id);
    }
  }
}

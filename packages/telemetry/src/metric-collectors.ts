import type { Counter, Gauge } from 'prom-client';

export type Source<T> = () => Promise<T> | T;

export interface QueueSnapshot {
  queue: string;
  /** waiting + delayed + prioritized */
  waiting: number;
  active: number;
  oldestWaitingAgeSeconds: number;
  /** failed jobs that exhausted their attempts */
  deadLetters: number;
  /** dead letters removed by the DEAD_LETTER_MAX cap so far (a count kept in Redis) */
  deadLettersDropped: number;
}

export const CONNECTION_STATES = ['connected', 'failing', 'disabled', 'pending'] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];
export interface ConnectionSnapshot {
  /** the connection's id: label values reach every scraper and dashboard, customer names must not */
  connection: string;
  state: ConnectionState;
}

export type GraphRequestCounts = Partial<Record<string, number>>;

/**
 * The four queue gauges read one snapshot per scrape: prom-client collects metrics concurrently, so the
 * first gauge starts the read and the others share its promise. A failed read leaves the series empty
 * rather than failing the whole scrape.
 */
export function queueCollector() {
  let source: Source<QueueSnapshot[]> | null = null;
  let inFlight: Promise<QueueSnapshot[]> | null = null;
  return {
    use(next: Source<QueueSnapshot[]>) {
      source = next;
    },
    snapshot(): Promise<QueueSnapshot[]> {
      if (!source) return Promise.resolve([]);
      if (!inFlight) {
        const read: Promise<QueueSnapshot[]> = Promise.resolve()
          .then(source)
          .catch(() => []);
        inFlight = read;
        // every gauge of this scrape asked synchronously, before the read could settle
        void read.finally(() => {
          if (inFlight === read) inFlight = null;
        });
      }
      return inFlight;
    },
  };
}

/** With a source, the connection-state series mirror its answer (deleted connections disappear). */
export function connectionStateCollector() {
  let source: Source<ConnectionSnapshot[]> | null = null;
  return {
    use(next: Source<ConnectionSnapshot[]>) {
      source = next;
    },
    async fill(gauge: Gauge<'connection' | 'state'>) {
      if (!source) return;
      let rows: ConnectionSnapshot[];
      try {
        rows = await source();
      } catch {
        return;
      }
      gauge.reset();
      for (const { connection, state } of rows)
        for (const s of CONNECTION_STATES) gauge.set({ connection, state: s }, s === state ? 1 : 0);
    },
  };
}

/** Adds what a cumulative count grew by since the last scrape, so the counter stays monotonic. */
export function graphRequestCollector() {
  let source: (() => GraphRequestCounts) | null = null;
  const seen = new Map<string, number>();
  return {
    use(next: () => GraphRequestCounts) {
      source = next;
      seen.clear();
    },
    fill(counter: Counter<'outcome'>) {
      if (!source) return;
      for (const [outcome, count = 0] of Object.entries(source())) {
        const before = seen.get(outcome) ?? 0;
        // a source that was reset starts over from zero
        const delta = count >= before ? count - before : count;
        if (delta > 0) counter.inc({ outcome }, delta);
        seen.set(outcome, count);
      }
    },
  };
}

import { queueStats, type Producer, type QueueStats } from '@entra-sync/queues';
import type { Logger } from '@entra-sync/telemetry';

export interface QueueSample {
  at: Date;
  queues: QueueStats[];
}

export interface QueueHistoryOptions {
  /** one sample per interval; 15 s by default */
  intervalMs?: number;
  /** how far back the ring reaches; one hour by default */
  windowMs?: number;
  now?: () => Date;
}

/** Console settings beyond AdminDeps (tests sample faster). */
export interface ConsoleOptions {
  queueHistory?: QueueHistoryOptions;
}

/**
 * The console's "depth and lag over the last hour": `GET /api/queues` sampled in memory, a fixed-size ring, so
 * the chart needs neither Prometheus nor a table. A process restart starts an empty hour.
 */
export class QueueHistory {
  readonly intervalMs: number;
  readonly capacity: number;
  private readonly samples: QueueSample[] = [];
  private timer: NodeJS.Timeout | null = null;
  private sampling: Promise<void> | null = null;
  private readonly now: () => Date;

  constructor(
    private readonly producer: Producer,
    private readonly logger: Logger,
    options: QueueHistoryOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 15_000;
    this.capacity = Math.max(1, Math.round((options.windowMs ?? 3_600_000) / this.intervalMs));
    this.now = options.now ?? (() => new Date());
  }

  /** Takes a first sample at once, then one per interval; the timer never keeps the process alive. */
  start(): void {
    if (this.timer) return;
    void this.sample();
    this.timer = setInterval(() => void this.sample(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sampling;
  }

  /** One sample now; a Redis outage skips it (the chart shows the gap) instead of failing the API. */
  sample(): Promise<void> {
    this.sampling ??= (async () => {
      const at = this.now();
      try {
        this.add({ at, queues: await queueStats(this.producer, at.getTime()) });
      } catch (err) {
        this.logger.debug({ err }, 'queue history: sample skipped');
      } finally {
        this.sampling = null;
      }
    })();
    return this.sampling;
  }

  add(sample: QueueSample): void {
    this.samples.push(sample);
    if (this.samples.length > this.capacity) this.samples.splice(0, this.samples.length - this.capacity);
  }

  /** Oldest first, only samples inside the window. */
  list(): QueueSample[] {
    const since = this.now().getTime() - this.capacity * this.intervalMs;
    return this.samples.filter((s) => s.at.getTime() > since);
  }
}

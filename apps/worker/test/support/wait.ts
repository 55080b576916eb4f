/** Polls `read` until `done` accepts its value; fails with the last value seen (never a fixed sleep). */
export async function waitFor<T>(
  read: () => Promise<T> | T,
  done: (value: T) => boolean,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const { timeoutMs = 15_000, intervalMs = 25, what = 'condition' } = options;
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (done(last)) return last;
    if (Date.now() > deadline) {
      throw new Error(`${what} not met within ${timeoutMs} ms; last value: ${describe(last)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Polls until `read` returns something other than null/undefined. */
export async function waitForValue<T>(
  read: () => Promise<T | null | undefined>,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const value = await waitFor(read, (v) => v !== null && v !== undefined, options);
  return value as T;
}

function describe(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    return text.length > 600 ? `${text.slice(0, 600)}…` : text;
  } catch {
    return String(value);
  }
}

/** End-to-end latencies (directory mutation → record committed) seen by one test file. */
export class LatencyLog {
  private readonly samples: { label: string; ms: number }[] = [];

  add(label: string, ms: number): void {
    this.samples.push({ label, ms });
  }

  /** Waits for `done`, recording the time since `since` (the mutation) under `label`. */
  async measure<T>(
    label: string,
    since: number,
    read: () => Promise<T>,
    done: (value: T) => boolean,
    timeoutMs = 15_000,
  ): Promise<T> {
    const value = await waitFor(read, done, { timeoutMs, intervalMs: 10, what: label });
    this.add(label, Date.now() - since);
    return value;
  }

  summary(file: string): string {
    if (this.samples.length === 0) return `[e2e latency] ${file}: no samples`;
    const sorted = this.samples.map((s) => s.ms).sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
    const slowest = this.samples.reduce((a, b) => (b.ms > a.ms ? b : a));
    return (
      `[e2e latency] ${file}: n=${sorted.length} p50=${at(0.5)} ms p95=${at(0.95)} ms ` +
      `max=${slowest.ms} ms (${slowest.label})`
    );
  }
}

import type { LoadResult } from './http-load';

/** The best closed-loop result of a sweep, the concurrency that reached it and the failures of every point. */
export type Peak = LoadResult & { connections: number; failedInSweep: number };

/**
 * A server's capacity is its peak accept rate: a closed loop with too few connections measures round-trip latency,
 * not capacity (decision N14). Loads the server at each concurrency in turn, for the same time each, and keeps the
 * result with the most 2xx answers per second; failures of every point are counted (`failedInSweep`).
 */
export async function peakRate(
  sweep: readonly number[],
  measure: (connections: number) => Promise<LoadResult>,
): Promise<Peak> {
  if (sweep.length === 0) throw new Error('a capacity sweep needs at least one concurrency');
  let best: LoadResult | undefined;
  let bestConnections = 0;
  let failedInSweep = 0;
  for (const connections of sweep) {
    if (!(Number.isInteger(connections) && connections >= 1))
      throw new Error(`a sweep's concurrency must be a whole number ≥ 1, not ${connections}`);
    const result = await measure(connections);
    failedInSweep += result.failed;
    if (!best || result.okPerSecond > best.okPerSecond) [best, bestConnections] = [result, connections];
  }
  return { ...(best as LoadResult), connections: bestConnections, failedInSweep };
}

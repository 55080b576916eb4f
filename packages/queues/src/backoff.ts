/**
 * Equal-jitter exponential backoff: a random wait in [c/2, c], c = base·2^(n-1) capped at 10 minutes. Unlike full
 * jitter ([0, c]) it keeps a floor of half the step, so a retry never comes straight back.
 */
export function jitteredBackoff(
  attemptsMade: number,
  baseMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(baseMs * 2 ** Math.max(0, attemptsMade - 1), 600_000);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Full-jitter exponential backoff: a random wait in [base·2^(n-1)/2, base·2^(n-1)], capped at 10 minutes. */
export function jitteredBackoff(
  attemptsMade: number,
  baseMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(baseMs * 2 ** Math.max(0, attemptsMade - 1), 600_000);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

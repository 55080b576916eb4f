/** `2026-11-23 17:04:05Z (3 min ago)`, or `-`. */
export function when(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '-';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const stamp = `${at.toISOString().slice(0, 19).replace('T', ' ')}Z`;
  const delta = (at.getTime() - now) / 1000;
  return `${stamp} (${delta >= 0 ? `in ${span(delta)}` : `${span(-delta)} ago`})`;
}

/** A duration in the largest sensible unit: `42 s`, `3 min`, `5 h`, `2 d`. */
export function span(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 10) / 10} s`;
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 36 * 3600) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} d`;
}

/** `1 dead letter`, `3 dead letters` */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

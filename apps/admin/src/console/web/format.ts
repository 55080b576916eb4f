/// <reference lib="dom" />

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function when(value: string | Date | null | undefined): string {
  if (!value) return '—';
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? '—' : dateTime.format(date);
}

/** `m:ss` (or `h:mm:ss`) until a moment; 0:00 once it passed. */
export function countdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export function seconds(value: number): string {
  if (value < 1) return value === 0 ? '0 s' : `${Math.round(value * 1000)} ms`;
  if (value < 120) return `${Math.round(value * 10) / 10} s`;
  return `${Math.round(value / 60)} min`;
}

export const fullName = (r: { firstName: string | null; lastName: string | null; email: string | null }) =>
  [r.firstName, r.lastName].filter(Boolean).join(' ') || r.email || '(no name)';

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

import { InvalidArgumentError } from 'commander';

// Value parsers for commander options: a bad value is a usage error (exit 2) naming the option and the value.

/** `--order 10`: a whole number, negative allowed. */
export function integer(value: string): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n))
    throw new InvalidArgumentError('It must be an integer.');
  return n;
}

/** `--limit 0`: zero or more. */
export function count(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('It must be a whole number.');
  return Number(value);
}

/** `--timeout 1.5`: seconds, at least `min`. */
export const seconds =
  (min: number) =>
  (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min)
      throw new InvalidArgumentError(`It must be a number of seconds ≥ ${min}.`);
    return n;
  };

/** A required text value: trimmed, never empty. */
export function text(value: string): string {
  const trimmed = value.trim();
  if (trimmed === '') throw new InvalidArgumentError('It must not be empty.');
  return trimmed;
}

/** `--modules a,b --modules c`: comma-separated and repeatable. */
export function commaList(value: string, previous: string[] | undefined): string[] {
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return [...(previous ?? []), ...items];
}

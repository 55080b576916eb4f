import type { Page } from '@entra-sync/api-contract';
import { problem, ProblemError } from './problem';

// Lists page with `?limit=` (1–500, default 50) and an opaque `?cursor=` taken from the previous page's
// `nextCursor` (the contract's `pageFields`); every list answers `{ items, nextCursor }` (null on the last page).

type CursorState = { offset: number } | { before: number };

export function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

function decode(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

const badCursor = () =>
  new ProblemError(
    problem(400, 'validation', 'query.cursor: not a cursor of this list; pass nextCursor back unchanged', {
      errors: [{ field: 'query.cursor', message: 'not a cursor of this list' }],
    }),
  );

export function offsetOf(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const state = decode(cursor) as { offset?: unknown } | null;
  if (!state || !Number.isInteger(state.offset) || (state.offset as number) < 0) throw badCursor();
  return state.offset as number;
}

export function beforeOf(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  const state = decode(cursor) as { before?: unknown } | null;
  if (!state || !Number.isInteger(state.before)) throw badCursor();
  return state.before as number;
}

/** `fetched` holds up to limit + 1 rows starting at `offset`: the extra one says whether a next page exists. */
export function offsetPage<T>(fetched: T[], offset: number, limit: number): Page<T> {
  return {
    items: fetched.slice(0, limit),
    nextCursor: fetched.length > limit ? encodeCursor({ offset: offset + limit }) : null,
  };
}

/** A small list already in memory (connections, rules, accounts). */
export function slicePage<T>(all: readonly T[], cursor: string | undefined, limit: number): Page<T> {
  const offset = offsetOf(cursor);
  return offsetPage(all.slice(offset, offset + limit + 1), offset, limit);
}

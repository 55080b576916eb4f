import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import { markPostgresError } from './pg-failure';

interface Guarded {
  client: PostgresPoolClient;
  broken: Error | undefined;
  /** the session turned statement_timeout off (migrations): the client waits as long as the server may */
  unbounded: boolean;
}

const READ_TIMEOUT = 'Query read timeout';
const LIFTS_BOUND = /^\s*set\s+statement_timeout\s*(=|to)\s*0\s*$/i;
const RESTORES_BOUND = /^\s*reset\s+(statement_timeout|all)\s*$/i;

/**
 * The pool as Kysely sees it, with two guards. Every error from connecting or querying is marked as
 * Postgres' (F1: classified by cause, never as a Graph failure); a lost connection never ends the process. A client whose query got no answer in time
 * (a hung server) is closed at once and never returned to the pool: its transaction may still be open and
 * the next borrower would otherwise commit it. The read timeout follows the session's statement_timeout
 * plus a margin; a session that turns statement_timeout off (migrations) lifts it until it resets it.
 */
export function guardPool(pool: pg.Pool, readTimeoutMs: number): PostgresPool {
  const guards = new WeakMap<pg.PoolClient, Guarded>();
  return {
    async connect() {
      let raw: pg.PoolClient;
      try {
        raw = await pool.connect();
      } catch (err) {
        throw markPostgresError(err);
      }
      let guard = guards.get(raw);
      if (!guard) {
        // A checked-out client whose socket dies emits 'error' besides failing its query: without a
        // listener that would end the process (pg-pool listens only while the client is idle).
        raw.on('error', () => undefined);
        const created: Guarded = {
          broken: undefined,
          unbounded: false,
          client: undefined as unknown as PostgresPoolClient,
        };
        created.client = {
          query: ((first: unknown, values?: unknown[]) => {
            if (typeof first !== 'string') return raw.query(first as pg.Submittable);
            if (LIFTS_BOUND.test(first)) created.unbounded = true;
            else if (RESTORES_BOUND.test(first)) created.unbounded = false;
            // 0 would fall back to the connection's default: a lifted bound is a day, not forever
            const timeout = created.unbounded ? 86_400_000 : readTimeoutMs;
            const result = raw.query({ text: first, values, query_timeout: timeout } as pg.QueryConfig);
            return result.catch((err: unknown) => {
              if (err instanceof Error && err.message === READ_TIMEOUT && !created.broken) {
                created.broken = err;
                void raw.end().catch(() => undefined);
              }
              throw markPostgresError(err);
            });
          }) as unknown as PostgresPoolClient['query'],
          release: () => raw.release(created.broken ?? false),
        };
        guards.set(raw, created);
        guard = created;
      }
      return guard.client;
    },
    end: () => pool.end(),
  };
}

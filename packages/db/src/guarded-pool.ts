import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import { markPostgresError } from './pg-failure';

interface Guarded {
  client: PostgresPoolClient;
  broken: Error | undefined;
}

const READ_TIMEOUT = 'Query read timeout';

/**
 * The pool as Kysely sees it, with two guards. Every error from connecting or querying is marked as
 * Postgres' (F1: classified by cause, never as a Graph failure); a lost connection never ends the process. A client whose query got no answer in time
 * (a hung server) is closed at once and never returned to the pool: its transaction may still be open and
 * the next borrower would otherwise commit it.
 */
export function guardPool(pool: pg.Pool): PostgresPool {
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
        const created: Guarded = { broken: undefined, client: undefined as unknown as PostgresPoolClient };
        created.client = {
          query: ((...args: Parameters<pg.PoolClient['query']>) => {
            const result = (raw.query as (...a: unknown[]) => unknown)(...args);
            if (!(result instanceof Promise)) return result;
            return result.catch((err: unknown) => {
              if (err instanceof Error && err.message === READ_TIMEOUT && !created.broken) {
                created.broken = err;
                void raw.end().catch(() => undefined);
              }
              throw markPostgresError(err);
            });
          }) as PostgresPoolClient['query'],
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

import path from 'node:path';
import { createDb, type Db, type DbTimeouts, migrateToLatest } from '@entra-sync/db';
import type { ManagedChild } from '../processes/managed-child';
import { startEmbeddedPostgresProcess } from '../postgres/embedded-postgres.process';
import { REPO_ROOT } from '../paths';

export interface DatabaseChoice {
  url: string;
  /** the `[postgres]` child when DATABASE_URL was unset */
  embedded: ManagedChild | null;
  /** what the summary says */
  description: string;
  /** pool size for the launcher's own processes */
  poolMax: number;
  db: Db;
  migrated: number;
}

/** Relative to the repository when inside it, else absolute. */
export const shortPath = (file: string): string => {
  const relative = path.relative(REPO_ROOT, file);
  return relative === '' || relative.startsWith('..') ? file : relative;
};

function describeUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}

/**
 * DATABASE_URL when set; else the embedded Postgres (PGlite, one session shared by the whole tree, so the
 * launcher's and the web server's pools hold one connection). Then the migrations, before any child starts.
 */
export async function prepareDatabase(options: {
  url: string | undefined;
  dataDir: string;
  timeouts: DbTimeouts;
  print: (line: string) => void;
}): Promise<DatabaseChoice> {
  let url = options.url;
  let embedded: ManagedChild | null = null;
  let description: string;
  if (url) {
    description = `PostgreSQL at ${describeUrl(url)} (DATABASE_URL)`;
  } else {
    const dataDir = options.dataDir;
    options.print(
      `[launcher] Postgres: no DATABASE_URL, starting the embedded one (PGlite, data in ${shortPath(dataDir)})`,
    );
    const started = await startEmbeddedPostgresProcess({ dataDir, cwd: REPO_ROOT, print: options.print });
    url = started.url;
    embedded = started.child;
    description = `embedded PGlite (${shortPath(dataDir)}) at ${describeUrl(url)}: one session shared by every process, pools of 1; set DATABASE_URL for real load`;
  }
  const poolMax = embedded ? 1 : 5;
  const db = createDb(url, {
    max: poolMax,
    applicationName: 'entra-sync-launcher',
    timeouts: options.timeouts,
  });
  try {
    const migrated = (await migrateToLatest(db)).length;
    options.print(
      `[launcher] Postgres: ${migrated === 0 ? 'schema up to date' : `${migrated} migrations applied`}`,
    );
    return { url, embedded, description, poolMax, db, migrated };
  } catch (err) {
    await db.destroy();
    await embedded?.stop(10_000);
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`Postgres at ${describeUrl(url)} is not usable: ${reason}`, { cause: err });
  }
}

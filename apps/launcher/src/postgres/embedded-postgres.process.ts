import { launcherEntry } from '../paths';
import { type ManagedChild, nodeChild } from '../processes/managed-child';

const READY_LINE = /embedded Postgres ready at (postgres:\/\/\S+)/;

export interface EmbeddedPostgresProcess {
  url: string;
  child: ManagedChild;
}

/** Starts the `[postgres]` child (PGlite served on loopback) and waits for its URL. */
export async function startEmbeddedPostgresProcess(options: {
  /** null: in memory (tests) */
  dataDir: string | null;
  print: (line: string) => void;
  cwd: string;
  timeoutMs?: number;
}): Promise<EmbeddedPostgresProcess> {
  const child = nodeChild('postgres', launcherEntry('src/postgres/embedded-postgres.main.ts'), {
    args: options.dataDir ? ['--data-dir', options.dataDir] : [],
    env: process.env,
    cwd: options.cwd,
    print: options.print,
  });
  try {
    const line = await child.waitForLine(READY_LINE, options.timeoutMs ?? 120_000);
    return { url: READY_LINE.exec(line)?.[1] ?? '', child };
  } catch (err) {
    await child.stop(5000);
    throw err;
  }
}

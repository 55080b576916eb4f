// The embedded Postgres as a process of the launcher's tree:
// `node --require tsx/cjs embedded-postgres.main.ts [--data-dir .data/pglite/main] [--port 0]`.
// PGlite runs queries on this process's event loop, so it gets a process of its own. The last stdout line
// before it serves is `embedded Postgres ready at <url>`; SIGTERM closes PGlite cleanly (files flushed).
import { parseArgs } from 'node:util';
import { startEmbeddedPostgres } from './embedded-postgres';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'data-dir': { type: 'string' }, port: { type: 'string', default: '0' } },
  });
  const dataDir = values['data-dir'] ?? null;
  const epg = await startEmbeddedPostgres({
    dataDir,
    port: Number(values.port),
    onFatal: (err) => {
      process.stderr.write(`embedded Postgres failed: ${err.message}\n`);
      process.exit(1);
    },
  });
  process.stdout.write(`embedded Postgres ready at ${epg.url} (data: ${dataDir ?? 'in memory'})\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    epg.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`embedded Postgres did not close cleanly: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `embedded Postgres could not start: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});

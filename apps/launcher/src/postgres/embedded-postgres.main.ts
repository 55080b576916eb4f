// The embedded Postgres as a process of the launcher's tree:
// `node --require tsx/cjs embedded-postgres.main.ts [--data-dir .data/pglite/main] [--port 0]` (the build:
// `dist/embedded-postgres.main.js`). PGlite runs queries on this process's event loop, so it gets a process of
// its own. The last stdout line before it serves is `embedded Postgres ready at <url>`; SIGTERM closes PGlite
// cleanly (files flushed).
import { parseArgs } from 'node:util';
import { runService } from '@entra-sync/telemetry';
import { startEmbeddedPostgres } from './embedded-postgres';

runService({
  name: 'postgres',
  loadEnv: () => ({ LOG_LEVEL: process.env.LOG_LEVEL }),
  async start(_env, logger) {
    const { values } = parseArgs({
      options: { 'data-dir': { type: 'string' }, port: { type: 'string', default: '0' } },
    });
    const dataDir = values['data-dir'] ?? null;
    const epg = await startEmbeddedPostgres({
      dataDir,
      port: Number(values.port),
      onFatal: (err) => {
        logger.fatal({ err }, 'embedded Postgres failed');
        logger.flush(() => process.exit(1));
      },
    });
    process.stdout.write(`embedded Postgres ready at ${epg.url} (data: ${dataDir ?? 'in memory'})\n`);
    return [{ name: 'pglite', run: () => epg.close() }];
  },
});

import { EnvError } from '@entra-sync/config';
import { loadWorkerEnv } from './env';
import { startWorkerRuntime } from './runtime';

// Starts one worker process (all queues). Scale out by starting more against the same Redis and Postgres.
async function main(): Promise<void> {
  const runtime = await startWorkerRuntime(loadWorkerEnv());
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    runtime.deps.logger.info({ signal }, 'shutting down: letting active jobs finish');
    runtime.close().then(
      () => process.exit(0),
      (err: unknown) => {
        runtime.deps.logger.error({ err }, 'unclean shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err instanceof EnvError ? err.message : `worker failed to start: ${(err as Error).message}`);
  process.exit(1);
});

import { getPriority, setPriority } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { EnvError } from '@entra-sync/config';
import { loadWorkerEnv } from './env';
import { startWorkerRuntime } from './runtime';

// Starts one worker process (all queues). Scale out by starting more against the same Redis and Postgres.
async function main(): Promise<void> {
  const env = loadWorkerEnv();
  // N10: set here, so every way of starting a worker (npm start, launcher, container, bench) gets it; V8 reads
  // the factor each time it sets the next full-GC limit
  if (env.WORKER_HEAP_GROWING_PERCENT > 0)
    setFlagsFromString(`--heap-growing-percent=${env.WORKER_HEAP_GROWING_PERCENT}`);
  // N13: the worker is throughput-bound, the receiver latency-bound; raising our own niceness needs no privilege
  // (on Linux it applies to this, the JavaScript thread, where the apply work runs)
  if (env.WORKER_NICE > 0) setPriority(Math.max(env.WORKER_NICE, getPriority()));
  const runtime = await startWorkerRuntime(env);
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

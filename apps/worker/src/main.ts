import { getPriority, setPriority } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runService } from '@entra-sync/telemetry';
import { loadWorkerEnv } from './env';
import { startWorkerRuntime } from './runtime';

// Starts one worker process (all queues): `node apps/worker/dist/main.js` (the build), or
// `node --require tsx/cjs apps/worker/src/main.ts` from source. Scale out by starting more against the same
// Redis and Postgres.
runService({
  name: 'worker',
  loadEnv: loadWorkerEnv,
  async start(env, logger) {
    // N10: set here, so every way of starting a worker (npm start, launcher, container, bench) gets it; V8 reads
    // the factor each time it sets the next full-GC limit
    if (env.WORKER_HEAP_GROWING_PERCENT > 0)
      setFlagsFromString(`--heap-growing-percent=${env.WORKER_HEAP_GROWING_PERCENT}`);
    // N13: the worker is throughput-bound, the receiver latency-bound; raising our own niceness needs no privilege
    // (on Linux it applies to this, the JavaScript thread, where the apply work runs)
    if (env.WORKER_NICE > 0) setPriority(Math.max(env.WORKER_NICE, getPriority()));
    const runtime = await startWorkerRuntime(env, { logger });
    // its own order inside (STYLE habit 14): /metrics, workers (active jobs finish), queues, Redis, pg pool
    return [{ name: 'worker runtime', run: () => runtime.close() }];
  },
});

import { randomBytes } from 'node:crypto';
import { FULL } from '../plan';
import { percentile } from '../stats';
import { oneNotificationBody } from '../load/graph-payload';
import { bareHttpAcceptRate } from './bare-http';
import { bullmqRate } from './bullmq-rate';
import { rawPostgresRate } from './raw-upsert';

// The limits alone, at the benchmark's sizes: `node --require tsx/cjs apps/bench/src/limits/measure-limits.ts [runs]`.
// Each run measures all of them in turn, so repeated runs interleave and the medians compare like with like.

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const round = (n: number) => Math.round(n);

async function once(run: number): Promise<void> {
  const body = oneNotificationBody();
  const http = await bareHttpAcceptRate({
    bodies: [body],
    durationMs: 10_000,
    connections: FULL.capacityConnections,
  });
  console.log(
    JSON.stringify({
      run,
      limit: 'bare-http',
      bodyBytes: Buffer.byteLength(body),
      connections: http.connections,
      perSecond: round(http.ratePerSecond),
      ok: http.ok,
      failed: http.failed,
      p50ms: percentile(http.latenciesMs, 50),
      p99ms: percentile(http.latenciesMs, 99),
    }),
  );
  const prefix = `bench-limit-${randomBytes(4).toString('hex')}`;
  const queue = await bullmqRate({ redisUrl: REDIS_URL, prefix, jobs: 20_000, concurrency: 16 });
  console.log(
    JSON.stringify({
      run,
      limit: 'bullmq',
      jobs: queue.jobs,
      addPerSecond: round(queue.addPerSecond),
      addBulkPerSecond: round(queue.addBulkPerSecond),
      processPerSecond: round(queue.processPerSecond),
    }),
  );
  for (const streams of [1, 2]) {
    const pg = await rawPostgresRate({ users: 20_000, streams });
    console.log(
      JSON.stringify({
        run,
        limit: 'raw-postgres',
        streams,
        users: pg.users,
        usersPerSecond: round(pg.usersPerSecond),
        rowsPerSecond: round(pg.rowsPerSecond),
        seconds: Number(pg.seconds.toFixed(2)),
      }),
    );
  }
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 1);
  for (let run = 1; run <= runs; run++) await once(run);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

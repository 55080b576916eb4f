import os from 'node:os';
import { applyInBatches, applyUsers, createDb, type Db, syncUser } from '@entra-sync/db';
import { backendCpuSeconds } from './backend-cpu';
import { type Tenant, cloneTenant, createTenant, dropTenant, observation, urlOf } from './bench-tenant';
import { rawUpsertRate } from './raw-upsert';

// Micro-benchmark of the apply step (not a test): syncUser one user per transaction vs applyUsers in
// batches, on fresh copies of a seeded tenant, against the raw Postgres write rate of the same rows.
// Run: npx tsx apps/bench/src/apply-step/apply-batch.bench.ts [--sizes 10000,100000] [--batches 250,500,1000]

const arg = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : (process.argv[at + 1] ?? fallback);
};
const SIZES = arg('sizes', '10000,100000').split(',').map(Number);
const BATCHES = arg('batches', '250,500,1000').split(',').map(Number);
const SINGLE_USERS = Number(arg('single', '2000'));
const IN_FLIGHT = arg('inflight', '2').split(',').map(Number);
/** only the pipelined runs (applyInBatches), for comparing batch sizes and batches in flight */
const PIPELINED_ONLY = process.argv.includes('--pipelined-only');
const T0 = new Date('2026-03-01T08:00:00.000Z');

interface Row {
  size: number;
  what: string;
  users: number;
  seconds: number;
  dbShare?: number;
  /** CPU µs per user: this Node process, and the Postgres backends of the run */
  nodeCpu?: number;
  pgCpu?: number | null;
}
const rows: Row[] = [];

/** A pool that sums the time spent waiting on Postgres (the rest is Node). */
function timedDb(name: string, max: number): { db: Db; dbSeconds: () => number } {
  let ms = 0;
  const db = createDb(urlOf(name), {
    max,
    applicationName: 'entra-sync-bench',
    log: (event) => {
      ms += event.queryDurationMillis;
    },
  });
  return { db, dbSeconds: () => ms / 1000 };
}

async function measure(tenant: Tenant, what: string, max: number, run: (db: Db) => Promise<number>) {
  const clone = await cloneTenant(tenant);
  const { db, dbSeconds } = timedDb(clone.name, max);
  try {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const users = await run(db);
    const seconds = (performance.now() - started) / 1000;
    const { user, system } = process.cpuUsage(cpu);
    const pg = await backendCpuSeconds(db, clone.name);
    const row: Row = {
      size: tenant.size,
      what,
      users,
      seconds,
      dbShare: dbSeconds() / seconds,
      nodeCpu: (user + system) / users,
      pgCpu: pg === null ? null : (pg * 1e6) / users,
    };
    rows.push(row);
    print(row);
  } finally {
    await db.destroy();
    await clone.drop();
  }
}

async function single(db: Db, tenant: Tenant, users: number, concurrency: number): Promise<number> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < users; i = next++) {
      await syncUser(db, {
        connectionId: tenant.connectionId,
        observation: observation(i, T0),
        trigger: 'reconcile',
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return users;
}

const usersOf = (from: number, count: number, trigger: 'reconcile' | 'change') =>
  Array.from({ length: count }, (_, k) => ({ observation: observation(from + k, T0), trigger }));

async function batched(db: Db, tenant: Tenant, size: number, trigger: 'reconcile' | 'change' = 'reconcile') {
  for (let from = 0; from < tenant.size; from += size) {
    const users = usersOf(from, Math.min(size, tenant.size - from), trigger);
    await applyUsers(db, { connectionId: tenant.connectionId, users });
  }
  return tenant.size;
}

async function pipelined(db: Db, tenant: Tenant, batchSize: number, inFlight: number) {
  const users = usersOf(0, tenant.size, 'reconcile');
  await applyInBatches(db, { connectionId: tenant.connectionId, users, batchSize, inFlight });
  return tenant.size;
}

function print(row: Row): void {
  const rate = Math.round(row.users / row.seconds);
  const cpu =
    row.nodeCpu === undefined
      ? ''
      : ` | CPU/user: node ${Math.round(row.nodeCpu)} µs, postgres ${row.pgCpu == null ? 'n/a' : `${Math.round(row.pgCpu)} µs`}`;
  const share = row.dbShare === undefined ? '' : ` | waiting on pg ${Math.round(row.dbShare * 100)} %`;
  console.log(
    `${String(row.size).padStart(7)} users | ${row.what.padEnd(44)} | ${String(row.users).padStart(7)} in ` +
      `${row.seconds.toFixed(2).padStart(7)} s | ${String(rate).padStart(6)} users/s${share}${cpu}`,
  );
}

async function main(): Promise<void> {
  console.log(
    `apply-batch bench: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  );
  for (const size of SIZES) {
    const tenant = await createTenant(size);
    try {
      for (const streams of PIPELINED_ONLY ? [] : [1, 2]) {
        await measure(
          tenant,
          `raw multi-row upsert (limit), 500/tx, ${streams} stream(s)`,
          streams,
          async (db) => {
            const raw = await rawUpsertRate(db, tenant.connectionId, size, { streams });
            console.log(`        raw: ${raw.rows} rows, ${Math.round(raw.rows / raw.seconds)} rows/s`);
            return raw.users;
          },
        );
      }
      if (size <= 10_000 && !PIPELINED_ONLY) {
        await measure(tenant, `syncUser, concurrency 8 (${SINGLE_USERS} users)`, 8, (db) =>
          single(db, tenant, Math.min(SINGLE_USERS, size), 8),
        );
      }
      for (const batch of PIPELINED_ONLY ? [] : BATCHES) {
        await measure(tenant, `applyUsers, batches of ${batch}`, 1, (db) => batched(db, tenant, batch));
      }
      for (const inFlight of IN_FLIGHT) {
        for (const batch of BATCHES) {
          await measure(tenant, `applyInBatches ${batch}, ${inFlight} in flight`, inFlight, (db) =>
            pipelined(db, tenant, batch, inFlight),
          );
        }
      }
      const best = BATCHES.at(-1) ?? 500;
      if (!PIPELINED_ONLY)
        await measure(tenant, `applyUsers ${best}, then again (S4.4 no-op)`, 1, async (db) => {
          await batched(db, tenant, best);
          const started = performance.now();
          await batched(db, tenant, best);
          const seconds = (performance.now() - started) / 1000;
          print({ size, what: `  re-apply unchanged (reconcile), batches of ${best}`, users: size, seconds });
          return size * 2;
        });
    } finally {
      await dropTenant(tenant);
    }
  }
  console.log(JSON.stringify({ cores: os.cpus().length, rows }, null, 0));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

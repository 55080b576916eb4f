import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { applyUsers, createDb } from '@entra-sync/db';
import { cloneTenant, createTenant, dropTenant, observation, urlOf } from './bench-tenant';

// Profiling aid (not a test): where Postgres spends its CPU in applyUsers, statement by statement, read
// from /proc for the one backend (local Postgres only). A statement whose share grows with the tenant
// size is scanning instead of probing: look at its plan with auto_explain.
// Run: npx tsx apps/bench/src/apply-step/apply-batch-statements.bench.ts [users] [batch]

const USERS = Number(process.argv[2] ?? 20_000);
const BATCH = Number(process.argv[3] ?? 500);
const T0 = new Date('2026-03-01T08:00:00.000Z');
const TICK_US = 10_000;

function ticks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

async function main(): Promise<void> {
  const tenant = await createTenant(USERS);
  const clone = await cloneTenant(tenant);
  const stats = new Map<string, { wallMs: number; ticks: number }>();
  let pid = 0;
  let last = 0;
  const db = createDb(urlOf(clone.name), {
    max: 1,
    log: (event) => {
      if (pid === 0) return;
      const now = ticks(pid);
      const key = event.query.sql.replace(/\s+/g, ' ').trim().slice(0, 70);
      const entry = stats.get(key) ?? { wallMs: 0, ticks: 0 };
      entry.wallMs += event.queryDurationMillis;
      entry.ticks += now - last;
      last = now;
      stats.set(key, entry);
    },
  });
  try {
    const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db);
    pid = rows[0]?.pid ?? 0;
    last = ticks(pid);
    const first = last;
    for (let from = 0; from < USERS; from += BATCH) {
      const users = Array.from({ length: Math.min(BATCH, USERS - from) }, (_, k) => ({
        observation: observation(from + k, T0),
        trigger: 'reconcile' as const,
      }));
      await applyUsers(db, { connectionId: tenant.connectionId, users });
    }
    console.log(
      `${USERS} users, batches of ${BATCH}: Postgres ${Math.round(((last - first) * TICK_US) / USERS)} µs CPU per user`,
    );
    for (const [query, s] of [...stats].sort((a, b) => b[1].ticks - a[1].ticks)) {
      const perUser = Math.round((s.ticks * TICK_US) / USERS);
      console.log(
        `${String(perUser).padStart(5)} µs/user ${String(Math.round(s.wallMs)).padStart(7)} ms wall  ${query}`,
      );
    }
  } finally {
    await db.destroy();
    await clone.drop();
    await dropTenant(tenant);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

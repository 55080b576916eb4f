// `npm run bench [-- --quick] [--runs N] [--out DIR]`: the performance report (issue 6). Starts the real fleet
// (graph emulator, receiver, worker processes) against the local Postgres and Redis, runs every scenario,
// prints one table and writes it as JSON and Markdown.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import pg from 'pg';
import { ROOT } from './infra/child';
import { BASE_DATABASE_URL, dropStaleBenchDatabases } from './infra/database';
import { REDIS_URL } from './infra/stack';
import { FULL, QUICK, SECTIONS, type BenchPlan, type Section } from './plan';
import { buildRows, markdownTable } from './report';
import { runPlan } from './run';

const USAGE =
  'usage: npm run bench [-- --quick] [--runs N] [--only section,…] [--out DIR] [--log-level info|warn]\n' +
  `sections: ${SECTIONS.join(', ')}`;

function options(): { plan: BenchPlan; out: string; logLevel: string } {
  try {
    const { values } = parseArgs({
      options: {
        quick: { type: 'boolean', default: false },
        runs: { type: 'string' },
        only: { type: 'string' },
        out: { type: 'string', default: path.join(ROOT, 'bench', 'results') },
        'log-level': { type: 'string', default: 'info' },
        help: { type: 'boolean', default: false },
      },
    });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    const plan = { ...(values.quick ? QUICK : FULL) };
    if (values.runs !== undefined) {
      const runs = Number(values.runs);
      if (!Number.isInteger(runs) || runs < 1)
        throw new Error(`--runs must be a whole number ≥ 1, not ${values.runs}`);
      plan.runs = runs;
    }
    if (values.only !== undefined) {
      const names = values.only.split(',').map((n) => n.trim());
      const unknown = names.filter((n) => !(SECTIONS as readonly string[]).includes(n));
      if (unknown.length > 0 || names.length === 0)
        throw new Error(`--only takes ${SECTIONS.join(', ')}; not ${unknown.join(', ') || 'nothing'}`);
      plan.sections = SECTIONS.filter((s: Section) => names.includes(s));
    }
    return { plan, out: values.out, logLevel: values['log-level'] };
  } catch (err) {
    console.error(`bench: ${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

async function machine() {
  const client = new pg.Client({ connectionString: BASE_DATABASE_URL });
  await client.connect();
  const postgres = (await client.query<{ server_version: string }>('show server_version')).rows[0]
    ?.server_version;
  await client.end();
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const info = await redis.info('server');
  redis.disconnect();
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres: postgres ?? 'unknown',
    redis: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown',
    loadAverageAtStart: os.loadavg().map((l) => Number(l.toFixed(2))),
  };
}

async function main(): Promise<void> {
  const { plan, out, logLevel } = options();
  const started = new Date();
  const host = await machine();
  const stale = await dropStaleBenchDatabases();
  const log = (line: string) =>
    console.log(`[${((Date.now() - started.getTime()) / 1000).toFixed(0).padStart(4)} s] ${line}`);
  log(
    `entra-sync bench (${plan.name}, ${plan.runs} run${plan.runs > 1 ? 's' : ''}) on ${host.cores} cores, ` +
      `${host.memoryGiB} GiB, Node ${host.node}, PostgreSQL ${host.postgres}, Redis ${host.redis}` +
      (stale ? ` (dropped ${stale} databases of an interrupted run)` : ''),
  );
  const samples = await runPlan(plan, logLevel, log);
  const rows = buildRows(plan, samples);
  const table = markdownTable(rows);
  const seconds = (Date.now() - started.getTime()) / 1000;
  const heading =
    `# entra-sync benchmark (${plan.name})\n\n` +
    `${started.toISOString()} · ${host.cores} cores (${host.cpu}), ${host.memoryGiB} GiB · Node ${host.node} · ` +
    `PostgreSQL ${host.postgres} · Redis ${host.redis} · load average at start ${host.loadAverageAtStart.join(' ')} · ` +
    `${plan.runs} run${plan.runs > 1 ? 's' : ''} per figure · ` +
    (plan.sections.length < SECTIONS.length ? `only ${plan.sections.join(', ')} · ` : '') +
    `took ${Math.round(seconds)} s\n`;
  console.log(`\n${heading}\n${table}\n`);
  mkdirSync(out, { recursive: true });
  const partial = plan.sections.length < SECTIONS.length;
  const base = path.join(out, partial ? 'partial' : plan.name === 'full' ? 'latest' : 'quick');
  writeFileSync(`${base}.md`, `${heading}\n${table}\n`);
  writeFileSync(
    `${base}.json`,
    `${JSON.stringify({ plan, machine: host, startedAt: started.toISOString(), seconds, rows, samples: Object.fromEntries(samples.values) }, null, 2)}\n`,
  );
  log(`written ${path.relative(process.cwd(), base)}.md and .json`);
  const missed = rows.filter((r) => r.met === false).length;
  if (missed)
    log(`${missed} figure(s) miss their target (see "met"); the benchmark reports, it does not fail`);
}

main().catch((err: unknown) => {
  console.error(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});

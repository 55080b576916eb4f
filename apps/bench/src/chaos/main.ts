// `npm run chaos [-- --quick] [--out DIR]`: the fault-injection report (issue 15 item 8). Starts the fleet on a
// private Postgres and Redis, syncs a directory and streams changes while it kills, restarts, freezes and
// throttles the parts, then compares the records with the domain's oracle. Exit code 1 when a check fails.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../infra/child';
import { FAULT_KINDS } from './faults';
import { FULL, QUICK, type ChaosPlan } from './plan';
import { checks, faultRows, markdown } from './report';
import { runChaos } from './run';

const USAGE =
  'usage: npm run chaos [-- --quick] [--only kind,…] [--faults-per-kind N] [--out DIR] [--log-level info|warn]\n' +
  `kinds: ${FAULT_KINDS.join(', ')}`;

function options(): { plan: ChaosPlan; out: string; logLevel: string } {
  try {
    const { values } = parseArgs({
      options: {
        quick: { type: 'boolean', default: false },
        only: { type: 'string' },
        'faults-per-kind': { type: 'string' },
        out: { type: 'string', default: path.join(ROOT, 'chaos', 'results') },
        'log-level': { type: 'string', default: 'info' },
        help: { type: 'boolean', default: false },
      },
    });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    const plan: ChaosPlan = { ...(values.quick ? QUICK : FULL) };
    if (values['faults-per-kind'] !== undefined) {
      const n = Number(values['faults-per-kind']);
      if (!Number.isInteger(n) || n < 0)
        throw new Error(`--faults-per-kind must be a whole number ≥ 0, not ${values['faults-per-kind']}`);
      plan.faultsPerKind = n;
    }
    if (values.only !== undefined) {
      const names = values.only.split(',').map((n) => n.trim());
      const unknown = names.filter((n) => !(FAULT_KINDS as readonly string[]).includes(n));
      if (unknown.length > 0)
        throw new Error(`--only takes ${FAULT_KINDS.join(', ')}; not ${unknown.join(', ')}`);
      plan.kinds = FAULT_KINDS.filter((k) => names.includes(k));
    }
    return { plan, out: values.out, logLevel: values['log-level'] };
  } catch (err) {
    console.error(`chaos: ${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

/**
 * pg emits a lost connection as an 'error' event on a client checked out between two statements, where nobody
 * listens: the suite's own pool must ride through the restarts and terminations it injects, not die of them.
 */
const CONNECTION_LOSS = /Connection terminated unexpectedly|terminating connection|ECONNRESET|ECONNREFUSED/;
process.on('uncaughtException', (err) => {
  if (CONNECTION_LOSS.test(err.message)) return;
  console.error(`chaos failed: ${err.stack ?? err.message}`);
  process.exit(1);
});

async function main(): Promise<void> {
  const { plan, out, logLevel } = options();
  const started = new Date();
  const log = (line: string) =>
    console.log(`[${((Date.now() - started.getTime()) / 1000).toFixed(0).padStart(4)} s] ${line}`);
  log(`entra-sync chaos (${plan.name}) on ${os.cpus().length} cores, Node ${process.version}`);
  const result = await runChaos(plan, logLevel, log);
  const seconds = (Date.now() - started.getTime()) / 1000;
  const verdicts = checks(plan, result);
  const failed = verdicts.filter((c) => c.ok === false);
  const heading =
    `# entra-sync chaos run (${plan.name})\n\n` +
    `${started.toISOString()} · ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}) · Node ${process.version} · ` +
    `${plan.users.toLocaleString('en')} users, ${plan.workers} workers · load average at the end ` +
    `${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} · took ${Math.round(seconds)} s · ` +
    (failed.length === 0 ? 'every check met' : `${failed.length} check(s) failed`) +
    '\n';
  const body = markdown(plan, result);
  console.log(`\n${heading}\n${body}\n`);
  mkdirSync(out, { recursive: true });
  const partial =
    plan.kinds.length < FAULT_KINDS.length ||
    plan.faultsPerKind < (plan.name === 'full' ? FULL : QUICK).faultsPerKind;
  const base = path.join(out, partial ? 'partial' : plan.name === 'full' ? 'latest' : 'quick');
  writeFileSync(`${base}.md`, `${heading}\n${body}\n`);
  writeFileSync(
    `${base}.json`,
    `${JSON.stringify({ plan, startedAt: started.toISOString(), seconds, checks: verdicts, faultRows: faultRows(result, plan.kinds), result }, null, 2)}\n`,
  );
  log(`written ${path.relative(process.cwd(), base)}.md and .json`);
  process.exit(failed.length === 0 ? 0 : 1);
}

main().catch((err: unknown) => {
  console.error(`chaos failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});

import { FAULT_KINDS } from './faults';
import type { ChaosPlan } from './plan';
import type { ChaosResult } from './run';

export interface Check {
  name: string;
  value: string;
  /** null: reported, not judged */
  ok: boolean | null;
}

export interface FaultRow {
  kind: string;
  injected: number;
  survived: number;
  recoveryP50Seconds: number | null;
  recoveryMaxSeconds: number | null;
}

const fixed = (n: number | null) => (n === null ? '—' : n.toFixed(1));

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? null;
}

export function faultRows(result: ChaosResult, kinds: readonly string[] = FAULT_KINDS): FaultRow[] {
  return kinds.map((kind) => {
    const of = result.faults.filter((f) => f.kind === kind);
    const recoveries = of.flatMap((f) => (f.recoverySeconds === null ? [] : [f.recoverySeconds]));
    return {
      kind,
      injected: of.length,
      survived: of.filter((f) => f.survived).length,
      recoveryP50Seconds: median(recoveries),
      recoveryMaxSeconds: recoveries.length ? Math.max(...recoveries) : null,
    };
  });
}

/** Every verdict of the run; the exit code is non-zero when one of them is `ok: false`. */
export function checks(plan: ChaosPlan, result: ChaosResult): Check[] {
  const rows = faultRows(result, plan.kinds);
  const { final } = result.convergence;
  const unexplained = result.deadLetters.filter((d) => d.explanation === null).length;
  const fuzzCases = result.fuzz.reduce((n, r) => n + r.cases, 0);
  const fuzzFailures = result.fuzz.reduce((n, r) => n + r.failures, 0);
  const fewest = Math.min(...rows.map((r) => r.injected));
  return [
    {
      name: `faults injected (≥ ${plan.faultsPerKind} of each of ${rows.length} kinds)`,
      value: `${result.faults.length}, fewest of one kind ${fewest}`,
      ok: fewest >= plan.faultsPerKind,
    },
    {
      name: 'faults survived',
      value: `${result.faults.filter((f) => f.survived).length} of ${result.faults.length}`,
      ok: result.faults.every((f) => f.survived),
    },
    {
      name: `initial sync of ${plan.users.toLocaleString('en')} users`,
      value: `${result.initialSync.status} in ${result.initialSync.seconds.toFixed(0)} s`,
      ok: result.initialSync.status === 'succeeded',
    },
    {
      name: 'directory changes during the faults',
      value: `${result.changes.made} (${result.changes.skipped} refused by the directory)`,
      ok: null,
    },
    {
      name: 'time to converge',
      value: `${result.convergence.seconds.toFixed(0)} s (${result.convergence.by})`,
      ok: result.convergence.by !== 'not converged',
    },
    { name: 'lost', value: String(final.lost), ok: final.lost === 0 },
    { name: 'duplicated', value: String(final.duplicated), ok: final.duplicated === 0 },
    {
      name: 'stale fields',
      value: `${final.staleFields} (${final.staleUsers} users)`,
      ok: final.staleFields === 0,
    },
    {
      name: 'processes that crashed (restarted by the suite)',
      value:
        result.crashes.length === 0
          ? '0'
          : `${result.crashes.length}: ${[...new Set(result.crashes.map((c) => c.process.replace(/-\d+$/, '')))].join(', ')}`,
      ok: result.crashes.length === 0,
    },
    {
      name: 'dead letters',
      value: `${result.deadLetters.length}, ${unexplained} unexplained`,
      ok: unexplained === 0,
    },
    result.fuzz.length === 0
      ? { name: 'fuzzed inputs', value: 'no fuzzers registered (fuzz-phase.ts FUZZERS)', ok: null }
      : {
          name: `fuzzed inputs (≥ ${plan.fuzzCases.toLocaleString('en')})`,
          value: `${fuzzCases.toLocaleString('en')}, ${fuzzFailures} failures`,
          ok: fuzzFailures === 0 && fuzzCases >= plan.fuzzCases,
        },
  ];
}

export function markdown(plan: ChaosPlan, result: ChaosResult): string {
  const mark = (ok: boolean | null) => (ok === null ? '' : ok ? 'yes' : '**NO**');
  const lines = [
    '| fault | injected | survived | recovery p50 (s) | recovery max (s) |',
    '|---|---:|---:|---:|---:|',
    ...faultRows(result, plan.kinds).map(
      (r) =>
        `| ${r.kind} | ${r.injected} | ${r.survived} | ${fixed(r.recoveryP50Seconds)} | ${fixed(r.recoveryMaxSeconds)} |`,
    ),
    '',
    '| check | result | met |',
    '|---|---|---|',
    ...checks(plan, result).map((c) => `| ${c.name} | ${c.value} | ${mark(c.ok)} |`),
  ];
  if (result.deadLetters.length > 0) {
    lines.push('', '| dead letter | attempts | reason | explanation |', '|---|---:|---|---|');
    for (const d of result.deadLetters.slice(0, 50))
      lines.push(
        `| ${d.queue} ${d.job} | ${d.attempts} | ${d.reason.replace(/\|/g, '/').slice(0, 160)} | ${d.explanation ?? '**unexplained**'} |`,
      );
  }
  for (const crash of result.crashes.slice(0, 10))
    lines.push(
      '',
      `Crash of ${crash.process} at ${crash.atSeconds} s (${crash.status}):`,
      '```',
      crash.lastLines,
      '```',
    );
  const { final } = result.convergence;
  if (final.examples.length > 0) lines.push('', 'Differences left:', ...final.examples.map((e) => `- ${e}`));
  return lines.join('\n');
}

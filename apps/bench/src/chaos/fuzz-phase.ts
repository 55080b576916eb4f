import type { Db } from '@entra-sync/db';
import { fuzzAdminApi } from '@entra-sync/admin/fuzz';
import { fuzzReceiver } from '@entra-sync/receiver/testing';

/** What a hostile-input fuzzer reports (issue 15 item 9): cases tried and the ones that broke a rule. */
export interface FuzzOutcome {
  cases: number;
  failures: number | readonly unknown[];
}

export interface Fuzzer {
  name: string;
  /** `db`: the run's migrated database (the private Postgres, after convergence) */
  run(options: { runs: number; db: Db }): Promise<FuzzOutcome>;
}

/**
 * The fuzzers the chaos run calls in its "fuzz" phase, each built in its own app (issue 15 item 9). The admin API's
 * starts its own admin on a database of its own (the run's stays as the oracle left it).
 */
export const FUZZERS: Fuzzer[] = [
  { name: 'receiver', run: ({ runs, db }) => fuzzReceiver({ runs, db }) },
  { name: 'admin API', run: ({ runs }) => fuzzAdminApi({ runs }) },
];

export interface FuzzRow {
  name: string;
  cases: number;
  failures: number;
  seconds: number;
}

/** Runs every registered fuzzer, `totalCases` shared between them. */
export async function fuzzPhase(
  fuzzers: readonly Fuzzer[],
  totalCases: number,
  db: Db,
  log: (line: string) => void,
): Promise<FuzzRow[]> {
  const rows: FuzzRow[] = [];
  const runs = fuzzers.length === 0 ? 0 : Math.ceil(totalCases / fuzzers.length);
  for (const fuzzer of fuzzers) {
    const started = performance.now();
    const outcome = await fuzzer.run({ runs, db });
    const failures = typeof outcome.failures === 'number' ? outcome.failures : outcome.failures.length;
    rows.push({
      name: fuzzer.name,
      cases: outcome.cases,
      failures,
      seconds: (performance.now() - started) / 1000,
    });
    log(`  fuzz ${fuzzer.name}: ${outcome.cases} cases, ${failures} failures`);
  }
  return rows;
}

/** What a hostile-input fuzzer reports (issue 15 item 9): cases tried and the ones that broke a rule. */
export interface FuzzOutcome {
  cases: number;
  failures: number | readonly unknown[];
}

export interface Fuzzer {
  name: string;
  run(options: { runs: number }): Promise<FuzzOutcome>;
}

/**
 * The fuzzers the chaos run calls in its "fuzz" phase. The receiver's and the admin API's (`fuzzReceiver`,
 * `fuzzAdminApi`, built in their own apps) are added here when they exist:
 *   { name: 'receiver', run: fuzzReceiver }, { name: 'admin API', run: fuzzAdminApi }
 */
export const FUZZERS: Fuzzer[] = [];

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
  log: (line: string) => void,
): Promise<FuzzRow[]> {
  const rows: FuzzRow[] = [];
  const runs = fuzzers.length === 0 ? 0 : Math.ceil(totalCases / fuzzers.length);
  for (const fuzzer of fuzzers) {
    const started = performance.now();
    const outcome = await fuzzer.run({ runs });
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

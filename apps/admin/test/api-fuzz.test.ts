import { fuzzAdminApi } from './support/fuzz-admin-api';

// Issue 15 item 9: hostile input at every admin API operation. FUZZ_RUNS sets the case count (small here; the
// chaos suite's full run calls fuzzAdminApi with its share of ≥ 100,000 cases).
const RUNS = Number(process.env.FUZZ_RUNS ?? 400);

describe('admin API under hostile input (fast-check, X6)', () => {
  it(`X6 ${RUNS} random and garbage requests over every operation: problem+json 4xx, never a 5xx, refused input writes and enqueues nothing`, async () => {
    const result = await fuzzAdminApi({ runs: RUNS });
    expect(result.cases).toBe(RUNS);
    // the refusals are the point: most garbage must have been refused, not silently accepted
    const refused = Object.entries(result.statuses)
      .filter(([status]) => Number(status) >= 400)
      .reduce((sum, [, n]) => sum + n, 0);
    expect(refused).toBeGreaterThan(RUNS / 2);
    expect({ seed: result.seed, failures: result.failures, examples: result.examples.slice(0, 5) }).toEqual({
      seed: result.seed,
      failures: 0,
      examples: [],
    });
  }, 600_000);
});

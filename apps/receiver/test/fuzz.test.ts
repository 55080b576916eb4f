import { fuzzReceiver } from '../src/testing';

// FUZZ_RUNS: a few hundred cases in the normal run (CI); the full chaos run calls fuzzReceiver with ≥ 100,000.
const runs = Number(process.env.FUZZ_RUNS ?? 400);
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

describe('R10 hostile input', () => {
  it('S7.1 fuzzed requests (FUZZ_RUNS of them): problem+json, 202 or the handshake; never 5xx; nothing enqueued', async () => {
    const result = await fuzzReceiver({ runs, seed });
    // the seed replays a failure: FUZZ_SEED=<seed> FUZZ_RUNS=<runs>
    expect({ seed: result.seed, failures: result.failures.slice(0, 5) }).toEqual({
      seed: result.seed,
      failures: [],
    });
    expect(result.cases).toBe(runs);
    expect(result.enqueued).toBe(0);
    // the generator reaches every kind of answer, so the checks above are not vacuous
    for (const status of ['200', '202', '400', '404']) expect(result.statuses[status]).toBeGreaterThan(0);
  }, 120_000);
});

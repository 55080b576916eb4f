import { explain } from './dead-letters';
import { FAULT_KINDS } from './faults';
import { FULL, QUICK } from './plan';
import { checks } from './report';
import { faultSchedule, seeded, type ChaosResult } from './run';

const clean = { users: 10, lost: 0, duplicated: 0, staleFields: 0, staleUsers: 0, examples: [] };

function result(overrides: Partial<ChaosResult> = {}, perKind = 20): ChaosResult {
  return {
    faults: FAULT_KINDS.flatMap((kind) =>
      Array.from({ length: perKind }, () => ({
        kind,
        phase: 'changes' as const,
        note: '',
        recoverySeconds: 1,
        survived: true,
      })),
    ),
    initialSync: { status: 'succeeded', error: null, seconds: 60 },
    changes: { made: 100, skipped: 0, byKind: {} },
    convergence: {
      by: 'notifications and delta',
      seconds: 20,
      drained: true,
      afterDelta: clean,
      manualSync: null,
      final: clean,
    },
    deadLetters: [],
    crashes: [],
    fuzz: [],
    ...overrides,
  };
}

const failed = (r: ChaosResult, plan = FULL) =>
  checks(plan, r)
    .filter((c) => c.ok === false)
    .map((c) => c.name);

describe('chaos verdicts (issue 15: ≥ 20 faults of each kind, 0 lost, 0 duplicated, 0 stale, every dead letter explained)', () => {
  it('a seeded schedule holds every kind the planned number of times, shuffled, the same on every run', () => {
    const schedule = faultSchedule(FULL.faultsPerKind, seeded(FULL.seed));
    expect(schedule).toHaveLength(FAULT_KINDS.length * 20);
    for (const kind of FAULT_KINDS) expect(schedule.filter((k) => k === kind)).toHaveLength(20);
    expect(schedule).toEqual(faultSchedule(FULL.faultsPerKind, seeded(FULL.seed)));
    expect(schedule.slice(0, FAULT_KINDS.length)).not.toEqual([...FAULT_KINDS]);
  });

  it('passes a run that met every check', () => {
    expect(failed(result())).toEqual([]);
    expect(failed(result({}, 1), QUICK)).toEqual([]);
  });

  it('fails a full run with fewer than 20 faults of one kind', () => {
    const r = result();
    r.faults.splice(
      r.faults.findIndex((f) => f.kind === 'graph-hang'),
      1,
    );
    expect(failed(r)).toEqual(['faults injected (≥ 20 of each of 12 kinds)']);
  });

  it('fails on a lost user, a duplicate, a stale field, a fault not survived, a crash', () => {
    const final = { ...clean, lost: 1, duplicated: 1, staleFields: 2, staleUsers: 1 };
    const r = result({
      convergence: { ...result().convergence, by: 'not converged', final },
      crashes: [{ process: 'worker-3', atSeconds: 5, status: 'exit code 1', lastLines: '' }],
    });
    r.faults[0] = {
      ...(r.faults[0] as ChaosResult['faults'][number]),
      survived: false,
      recoverySeconds: null,
    };
    expect(failed(r)).toEqual([
      'faults survived',
      'time to converge',
      'lost',
      'duplicated',
      'stale fields',
      'processes that crashed (restarted by the suite)',
    ]);
  });

  it('fails on an unexplained dead letter; a scheduler tick failed by an injected Graph outage is explained', () => {
    const tick = explain('delta.run', 'Service unavailable. Please try again later.');
    expect(tick).toMatch(/next tick/);
    // a tick whose Graph call hung until the client's timeout (the graph-hang fault), as the full run saw it
    expect(
      explain(
        'delta.run',
        'Graph request failed without an answer: The operation was aborted due to timeout',
      ),
    ).toMatch(/next tick/);
    expect(explain('user.changed', 'Graph  error: the database system is starting up')).toBeNull();
    expect(explain('delta.run', 'Connection terminated unexpectedly')).toBeNull();
    const letter = { queue: 'user-sync', job: 'user.changed', attempts: 1, reason: 'x', explanation: null };
    expect(failed(result({ deadLetters: [letter] }))).toEqual(['dead letters']);
    expect(failed(result({ deadLetters: [{ ...letter, explanation: tick }] }))).toEqual([]);
  });

  it('fails when a registered fuzzer found a failure or tried fewer cases than planned', () => {
    expect(failed(result({ fuzz: [{ name: 'receiver', cases: 100_000, failures: 1, seconds: 1 }] }))).toEqual(
      ['fuzzed inputs (≥ 100,000)'],
    );
    expect(failed(result({ fuzz: [{ name: 'receiver', cases: 99_999, failures: 0, seconds: 1 }] }))).toEqual([
      'fuzzed inputs (≥ 100,000)',
    ]);
  });
});

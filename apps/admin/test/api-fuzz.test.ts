import { randomUUID } from 'node:crypto';
import { createAccount, recordOperatorAction } from '@entra-sync/db';
import { stateFingerprint } from './support/db-fingerprint';
import { fuzzAdminApi } from './support/fuzz-admin-api';
import { startAdmin } from './support/harness';

// Issue 15 item 9: hostile input at every admin API operation. FUZZ_RUNS sets the case count (small here; the
// chaos suite's full run calls fuzzAdminApi with its share of ≥ 100,000 cases).
const RUNS = Number(process.env.FUZZ_RUNS ?? 400);

describe('admin API under hostile input (fast-check, X6)', () => {
  it(`X6 ${RUNS} random and garbage requests over every operation: problem+json 4xx, never a 5xx, refused input writes and enqueues nothing`, async () => {
    const result = await fuzzAdminApi({ runs: RUNS });
    expect(result.cases).toBe(RUNS);
    const count = (pick: (status: number) => boolean) =>
      Object.entries(result.statuses)
        .filter(([status]) => pick(Number(status)))
        .reduce((sum, [, n]) => sum + n, 0);
    // the refusals are the point: garbage is refused, not silently accepted
    expect(count((s) => s >= 400)).toBeGreaterThan(RUNS / 3);
    expect(result.checkedCases).toBeGreaterThan(RUNS / 4);
    expect({ seed: result.seed, failures: result.failures, examples: result.examples.slice(0, 5) }).toEqual({
      seed: result.seed,
      failures: 0,
      examples: [],
    });
  }, 600_000);

  it('X6 found by the fuzzer: a NUL character in a body, a query or a path is a 400 naming the field, not a 500', async () => {
    const admin = await startAdmin();
    try {
      const body = await admin.api('POST', '/api/accounts', { name: 'A\u0000B' });
      expect(body.status).toBe(400);
      expect(body.body.errors).toEqual([{ field: 'body.name', message: expect.stringContaining('U+0000') }]);
      const query = await admin.api('GET', '/api/employees?email=%00');
      expect(query.status).toBe(400);
      expect(query.body.errors[0].field).toBe('query.email');
      const path = await admin.api('GET', '/api/accounts/%00');
      expect(path.status).toBe(400);
      expect((await admin.api('GET', '/api/accounts')).body.items).toEqual([]);
    } finally {
      await admin.close();
    }
  });

  it('X6 the no-write oracle sees a written row and a queued job, and ignores the attempt log', async () => {
    const admin = await startAdmin();
    try {
      const first = await stateFingerprint(admin.db, admin.producer);
      await recordOperatorAction(admin.db, {
        actor: 't',
        action: 'a',
        target: 'x',
        sourceAddress: '127.0.0.1',
      });
      expect(await stateFingerprint(admin.db, admin.producer)).toBe(first);
      await createAccount(admin.db, { name: `Fingerprinted ${randomUUID()}` });
      const second = await stateFingerprint(admin.db, admin.producer);
      expect(second).not.toBe(first);
      await admin.producer.userChanged({
        connectionId: randomUUID(),
        objectId: randomUUID(),
        trigger: 'change',
        source: 'notification',
        receivedAt: Date.now(),
      });
      expect(await stateFingerprint(admin.db, admin.producer)).not.toBe(second);
    } finally {
      await admin.close();
    }
  });
});

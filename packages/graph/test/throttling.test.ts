import type { RunningEmulator } from '@entra-sync/graph-emulator';
import { classifyGraphError, getGroupIdsForUsers, getUser, listUsers } from '../src';
import { collect, createTestTenant, failureOf, startTestEmulator, type TestTenant } from './support/emulator';

describe('throttling and service errors are classified, not retried', () => {
  let emulator: RunningEmulator;
  let t: TestTenant;
  let userIds: string[];

  beforeAll(async () => {
    emulator = await startTestEmulator();
    t = createTestTenant(emulator);
    userIds = emulator.state.seed(t.tenantId, { seed: 'throttle', users: 30, groups: 3 }).userIds;
    await getUser(t.client, userIds[0] as string);
  });
  afterAll(async () => {
    await emulator?.close();
  });
  afterEach(() => emulator.faults.configure(null));

  it('S4.1 a 429 surfaces as throttled with the Retry-After wait, and the package does not retry it', async () => {
    emulator.faults.configure({ throttle: { share: 1, retryAfterSeconds: 7, limit: 1 } });
    const before = t.counter.snapshot().requests;
    const failure = classifyGraphError(await failureOf(() => getUser(t.client, userIds[1] as string)));
    expect(failure).toEqual({
      kind: 'throttled',
      retryAfterMs: 7_000,
      status: 429,
      code: 'TooManyRequests',
      message: 'Too many requests.',
    });
    const after = t.counter.snapshot().requests;
    expect(after.throttled - before.throttled).toBe(1);
    expect(after.ok - before.ok).toBe(0);
    await expect(getUser(t.client, userIds[1] as string)).resolves.toMatchObject({ id: userIds[1] });
  });

  it('S4.1 a 429 inside a $batch is throttled with that response’s Retry-After', async () => {
    emulator.faults.configure({ throttle: { share: 0.5, retryAfterSeconds: 3 } });
    const failure = classifyGraphError(
      await failureOf(() => getGroupIdsForUsers(t.client, userIds.slice(0, 10), 'direct')),
    );
    expect(failure).toMatchObject({ kind: 'throttled', retryAfterMs: 3_000, status: 429 });
  });

  it('S7.3 a 503 is transient; paging stops at the failing page', async () => {
    emulator.faults.configure({ unavailable: { share: 1, retryAfterSeconds: 2, limit: 1 } });
    expect(classifyGraphError(await failureOf(() => collect(listUsers(t.client))))).toMatchObject({
      kind: 'transient',
      status: 503,
      retryAfterMs: 2_000,
    });
    expect(await collect(listUsers(t.client))).toHaveLength(30);
  });
});

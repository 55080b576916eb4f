import type { AppliedUser, UserToApply } from '@entra-sync/db';
import { UserApplyBatcher, type ApplyMany } from './user-apply-batcher';

const observedAt = new Date('2026-12-01T00:00:00Z');
const user = (objectId: string): UserToApply => ({
  observation: { state: 'deleted', objectId, observedAt, hard: true },
  trigger: 'change',
});
// the batcher passes plans through untouched; their content does not matter here
const applied = (u: UserToApply): AppliedUser => ({
  objectId: u.observation.objectId,
  plan: { objectId: u.observation.objectId } as unknown as AppliedUser['plan'],
  recordId: null,
  changed: false,
});

/** An applyMany that records its calls and finishes each when told to. */
function recorder(fail: (ids: string[]) => boolean = () => false) {
  const calls: Array<{ connectionId: string; actor: string; ids: string[]; finish: () => void }> = [];
  const applyMany: ApplyMany = (connectionId, actor, users) =>
    new Promise((resolve, reject) => {
      const ids = users.map((u) => u.observation.objectId);
      calls.push({
        connectionId,
        actor,
        ids,
        finish: () =>
          fail(ids) ? reject(new Error(`cannot apply ${ids.join(',')}`)) : resolve(users.map(applied)),
      });
    });
  return { calls, applyMany };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('UserApplyBatcher (P5)', () => {
  it('applies a lone change at once, in a transaction of its own', async () => {
    const { calls, applyMany } = recorder();
    const batcher = new UserApplyBatcher(applyMany, { maxBatch: 10, inFlight: 2 });
    const result = batcher.apply({ connectionId: 'c1', actor: 'sync:notification', user: user('u1') });
    await turn();
    expect(calls.map((c) => c.ids)).toEqual([['u1']]);
    calls[0]?.finish();
    await expect(result).resolves.toMatchObject({ objectId: 'u1' });
  });

  it('applies the users that are ready together in one call, and a backlog in batches of at most maxBatch', async () => {
    const { calls, applyMany } = recorder();
    const batcher = new UserApplyBatcher(applyMany, { maxBatch: 3, inFlight: 1 });
    const ask = (id: string) => batcher.apply({ connectionId: 'c1', actor: 'a', user: user(id) });
    const first = [ask('u1'), ask('u2')];
    await turn();
    expect(calls.map((c) => c.ids)).toEqual([['u1', 'u2']]);
    // while the one allowed transaction runs, a backlog builds up
    const rest = ['u3', 'u4', 'u5', 'u6', 'u7'].map(ask);
    await turn();
    expect(calls).toHaveLength(1);
    expect(batcher.waiting).toBe(5);
    calls[0]?.finish();
    await Promise.all(first);
    await turn();
    expect(calls.map((c) => c.ids)).toEqual([
      ['u1', 'u2'],
      ['u3', 'u4', 'u5'],
    ]);
    calls[1]?.finish();
    await turn();
    await turn();
    expect(calls[2]?.ids).toEqual(['u6', 'u7']);
    calls[2]?.finish();
    const results = await Promise.all(rest);
    expect(results.map((r) => r.objectId)).toEqual(['u3', 'u4', 'u5', 'u6', 'u7']);
    expect(batcher.waiting).toBe(0);
  });

  it('keeps connections and actors apart, each with its own transactions in flight', async () => {
    const { calls, applyMany } = recorder();
    const batcher = new UserApplyBatcher(applyMany, { maxBatch: 10, inFlight: 1 });
    void batcher.apply({ connectionId: 'c1', actor: 'sync:notification', user: user('u1') });
    void batcher.apply({ connectionId: 'c2', actor: 'sync:notification', user: user('u2') });
    void batcher.apply({ connectionId: 'c1', actor: 'sync:delta', user: user('u3') });
    void batcher.apply({ connectionId: 'c1', actor: 'sync:notification', user: user('u4') });
    await turn();
    expect(calls.map((c) => [c.connectionId, c.actor, c.ids])).toEqual([
      ['c1', 'sync:notification', ['u1', 'u4']],
      ['c2', 'sync:notification', ['u2']],
      ['c1', 'sync:delta', ['u3']],
    ]);
  });

  it('re-applies a failed batch one user at a time, so only the bad user fails', async () => {
    const { calls, applyMany } = recorder((ids) => ids.includes('bad'));
    const batcher = new UserApplyBatcher(applyMany, { maxBatch: 10, inFlight: 2 });
    const results = ['u1', 'bad', 'u2'].map((id) =>
      batcher.apply({ connectionId: 'c1', actor: 'a', user: user(id) }).then(
        (r) => `ok ${r.objectId}`,
        (err: Error) => `failed: ${err.message}`,
      ),
    );
    await turn();
    calls[0]?.finish();
    for (let i = 1; i <= 3; i++) {
      while (calls.length <= i) await turn();
      calls[i]?.finish();
    }
    expect(await Promise.all(results)).toEqual(['ok u1', 'failed: cannot apply bad', 'ok u2']);
    expect(calls.map((c) => c.ids)).toEqual([['u1', 'bad', 'u2'], ['u1'], ['bad'], ['u2']]);
  });

  it('rejects a user the batch returned no result for, rather than answering with another user', async () => {
    const batcher = new UserApplyBatcher(async (_c, _a, users) => users.slice(1).map(applied), {
      maxBatch: 10,
      inFlight: 1,
    });
    const a = batcher.apply({ connectionId: 'c1', actor: 'a', user: user('u1') });
    const b = batcher.apply({ connectionId: 'c1', actor: 'a', user: user('u2') });
    await expect(a).rejects.toThrow('no result for u1');
    await expect(b).rejects.toThrow('no result for u2');
  });
});

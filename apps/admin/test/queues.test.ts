import { catalog, enforceDeadLetterCap } from '@entra-sync/queues';
import { makeDeadLetters, objectIds } from '@entra-sync/queues/testing';
import { startAdmin, type Admin } from './support/harness';

describe('admin API: queues and dead letters (Q2)', () => {
  let admin: Admin;
  beforeAll(async () => {
    admin = await startAdmin();
  });
  afterAll(async () => {
    await admin?.close();
  });

  const deadLetters = (count: number) => makeDeadLetters(admin, objectIds(count));

  it('GET /api/queues reports every queue with the CONTRACT fields', async () => {
    await admin.producer.add(
      'fullSync',
      'sync.run',
      { connectionId: 'c', runId: 'r1' },
      { timestamp: Date.now() - 30_000 },
    );
    const res = await admin.api('GET', '/api/queues');
    expect(res.status).toBe(200);
    expect(res.body.items.map((q: { name: string }) => q.name)).toEqual(
      Object.values(catalog).map((q) => q.name),
    );
    const full = res.body.items.find((q: { name: string }) => q.name === 'full-sync');
    expect(full).toEqual({
      name: 'full-sync',
      waiting: 1,
      active: 0,
      delayed: 0,
      failed: 0,
      deadLettersDropped: 0,
      oldestWaitingAgeSeconds: expect.any(Number),
    });
    expect(full.oldestWaitingAgeSeconds).toBeGreaterThanOrEqual(30);
    await admin.producer.queue('fullSync').drain();
  });

  it('lists a real dead letter, retries it (it becomes waiting) and discards another', async () => {
    const [first, second] = await deadLetters(2);
    const list = await admin.api('GET', '/api/dead-letters');
    expect(list.status).toBe(200);
    const item = list.body.items.find((d: { id: string }) => d.id === first);
    expect(item).toEqual({
      id: first,
      queue: 'user-sync',
      name: 'user.changed',
      data: expect.objectContaining({
        connectionId: '6d0c0000-0000-4000-8000-000000000001',
        trigger: 'change',
      }),
      failedReason: 'user payload failed validation',
      attemptsMade: 1,
      failedAt: expect.any(String),
    });
    const queues = (await admin.api('GET', '/api/queues')).body.items;
    expect(queues.find((q: { name: string }) => q.name === 'user-sync').failed).toBe(2);

    const retried = await admin.api('POST', `/api/dead-letters/${first}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual({ id: first, retried: true });
    const job = await admin.producer.queue('userSync').getJob(first!.split('~')[1]!);
    expect(await job?.getState()).toBe('waiting');
    expect((await admin.api('POST', `/api/dead-letters/${first}/retry`)).status).toBe(404);

    const discarded = await admin.api('DELETE', `/api/dead-letters/${second}`);
    expect(discarded.status).toBe(204);
    expect(await admin.producer.queue('userSync').getJob(second!.split('~')[1]!)).toBeUndefined();
    expect((await admin.api('DELETE', `/api/dead-letters/${second}`)).status).toBe(404);
    await admin.producer.queue('userSync').drain();
  });

  it('retries every dead letter of a queue at once, and pages the list', async () => {
    await deadLetters(3);
    const page = await admin.api('GET', '/api/dead-letters?queue=user-sync&limit=2');
    expect(page.body.items).toHaveLength(2);
    const rest = await admin.api(
      'GET',
      `/api/dead-letters?queue=user-sync&limit=2&cursor=${page.body.nextCursor}`,
    );
    expect(rest.body.items).toHaveLength(1);
    expect(rest.body.nextCursor).toBeNull();
    const res = await admin.api('POST', '/api/dead-letters/retry?queue=user-sync');
    expect(res.body).toEqual({ retried: 3 });
    expect((await admin.api('GET', '/api/dead-letters')).body.items).toEqual([]);
    expect((await admin.api('POST', '/api/dead-letters/retry')).body).toEqual({ retried: 0 });
  });

  it('400 for an unknown queue; 404 for ids that do not name a dead letter', async () => {
    const res = await admin.api('GET', '/api/dead-letters?queue=nope');
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain('query.queue');
    for (const id of ['nope~1', 'user-sync', 'user-sync~missing']) {
      expect((await admin.api('POST', `/api/dead-letters/${id}/retry`)).status).toBe(404);
      expect((await admin.api('DELETE', `/api/dead-letters/${id}`)).status).toBe(404);
    }
  });

  it('F13 dead letters dropped by the DEAD_LETTER_MAX cap show in GET /api/queues', async () => {
    await deadLetters(3);
    const userSync = async () =>
      ((await admin.api('GET', '/api/queues')).body.items as { name: string; failed: number }[]).find(
        (q) => q.name === 'user-sync',
      );
    const before = await userSync();
    expect(before).toMatchObject({ deadLettersDropped: 0 });
    // what a worker does after each final failure
    expect(await enforceDeadLetterCap(admin.producer, 'userSync', before!.failed - 2)).toBe(2);
    expect(await userSync()).toMatchObject({ failed: before!.failed - 2, deadLettersDropped: 2 });
  });
});

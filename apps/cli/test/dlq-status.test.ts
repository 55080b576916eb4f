import { catalog, enforceDeadLetterCap } from '@entra-sync/queues';
import { makeDeadLetters, objectIds } from '@entra-sync/queues/testing';
import { REDIS_URL, startStack, type Stack } from './support/stack';

describe('entra-sync dlq list|retry|discard and status (Q2, queue lag, S7.3 health)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack('dlq');
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** `count` real dead letters: a BullMQ worker on user-sync fails each job for good (Q2). */
  const deadLetters = (count: number) => makeDeadLetters(stack, objectIds(count), { redisUrl: REDIS_URL });

  const state = async (id: string) =>
    (await stack.producer.queue('userSync').getJob(id.split('~')[1] ?? ''))?.getState();

  it('Q2 dlq list shows real dead letters (table and --json); an empty list says so', async () => {
    expect((await stack.cli(['dlq', 'list'])).stdout).toBe('No dead letters.\n');
    const ids = await deadLetters(3);
    const res = await stack.cli(['dlq', 'list']);
    expect(res.code).toBe(0);
    const [header, ...rows] = res.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID +JOB +ATTEMPTS +FAILED +REASON$/);
    for (const id of ids)
      expect(
        rows.some(
          (row) =>
            row.startsWith(id) &&
            /user\.changed +1 +\S+ \S+Z \(.*\) +user payload failed validation$/.test(row),
        ),
      ).toBe(true);
    const json = await stack.cli(['dlq', 'list', '--queue', 'user-sync', '--json']);
    expect(json.stderr).toBe('');
    const items = JSON.parse(json.stdout) as { id: string; failedReason: string }[];
    expect(items.map((d) => d.id).sort()).toEqual([...ids].sort());
    const limited = await stack.cli(['dlq', 'list', '--limit', '2', '--json']);
    expect(JSON.parse(limited.stdout)).toHaveLength(2);
    expect(limited.stderr).toBe(
      'entra-sync: warning: more dead letters than the 2 shown: raise --limit (0 = all)\n',
    );
    const badQueue = await stack.cli(['dlq', 'list', '--queue', 'nope']);
    expect(badQueue.code).toBe(2); // the API's 400: a malformed value
    expect(badQueue.stderr).toMatch(/^entra-sync: .*query\.queue.*unknown queue.*\n$/);
  });

  it('Q2 dlq retry <id> puts one back to waiting; dlq discard removes another; both exit 1 once gone', async () => {
    const [first, second] = (
      await stack.cli(['dlq', 'list', '--json']).then((r) => JSON.parse(r.stdout))
    ).map((d: { id: string }) => d.id) as string[];
    const retried = await stack.cli(['dlq', 'retry', first!]);
    expect(retried).toEqual({
      code: 0,
      stdout: `Retried ${first}: it waits in its queue again.\n`,
      stderr: '',
    });
    expect(await state(first!)).toBe('waiting');
    expect((await stack.cli(['dlq', 'retry', first!])).code).toBe(1);

    const discarded = await stack.cli(['dlq', 'discard', second!, '--json']);
    expect(discarded.code).toBe(0);
    expect(JSON.parse(discarded.stdout)).toEqual({ id: second, discarded: true });
    expect(await state(second!)).toBeUndefined();
    const again = await stack.cli(['dlq', 'discard', second!]);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`entra-sync: No dead letter with id ${second}.\n`);
    await stack.producer.queue('userSync').drain();
  });

  it('Q2 dlq retry --all (one queue, then every queue) and its --json count', async () => {
    const ids = await deadLetters(2);
    const one = await stack.cli(['dlq', 'retry', '--all', '--queue', 'user-sync']);
    expect(one.code).toBe(0);
    expect(one.stdout).toBe('Retried 3 dead letters of user-sync.\n'); // two new ones and one left from before
    for (const id of ids) expect(await state(id)).toBe('waiting');
    const none = await stack.cli(['dlq', 'retry', '--all', '--json']);
    expect(JSON.parse(none.stdout)).toEqual({ retried: 0 });
    await stack.producer.queue('userSync').drain();
  });

  it('status: queue lag with the oldest waiting job, dead letters and connection health; --json summary', async () => {
    const healthy = await stack.connection('Healthy');
    const broken = await stack.connection('Broken');
    stack.emulator.state.invalidateSecret(broken.tenant.clientId);
    expect((await stack.cli(['connection', 'test', 'Broken'])).code).toBe(1);
    await stack.producer.add(
      'fullSync',
      'sync.run',
      { connectionId: healthy.id, runId: 'r-status' },
      { timestamp: Date.now() - 45_000 },
    );
    await deadLetters(1);

    const res = await stack.cli(['status']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^Queues\nQUEUE +WAITING +ACTIVE +DELAYED +DEAD LETTERS +OLDEST WAITING\n/);
    // the rule-less connections queued subscription checks too: only full-sync's line is certain
    expect(res.stdout).toMatch(/\nfull-sync +1 +0 +0 +0 +(4[5-9]|5\d) s\n/);
    expect(res.stdout).toMatch(/\nuser-sync +0 +0 +0 +1 +-\n/);
    expect(res.stdout).toMatch(
      /\nConnections\nID +NAME .*\n.*Healthy +\S+ +connected .*\n.*Broken +\S+ +failing .*AADSTS7000215/,
    );
    expect(res.stdout).toMatch(/\nLag \d+ s · \d+ waiting · 1 dead letter · 1 of 2 connections failing\n$/);

    const json = await stack.cli(['status', '--json']);
    expect(json.stderr).toBe('');
    const body = JSON.parse(json.stdout);
    expect(body.summary).toMatchObject({ deadLetters: 1, connections: 2, failingConnections: 1 });
    expect(body.summary.maxQueueLagSeconds).toBeGreaterThanOrEqual(45);
    expect(body.queues.map((q: { name: string }) => q.name)).toEqual(
      Object.values(catalog).map((q) => q.name),
    );
    expect(body.connections.map((c: { name: string; status: string }) => [c.name, c.status])).toEqual([
      ['Healthy', 'connected'],
      ['Broken', 'failing'],
    ]);
    expect(body.summary.deadLettersDropped).toBe(0);

    // F13: what the workers' cap dropped is said, not hidden
    expect(await enforceDeadLetterCap(stack.producer, 'userSync', 0)).toBe(1);
    const capped = await stack.cli(['status']);
    expect(capped.stdout).toMatch(/\nuser-sync +0 +0 +0 +0 +-\n/);
    expect(capped.stdout).toMatch(
      / · 0 dead letters \(1 dropped by DEAD_LETTER_MAX\) · 1 of 2 connections failing\n$/,
    );
    const cappedJson = JSON.parse((await stack.cli(['status', '--json'])).stdout);
    expect(cappedJson.summary).toMatchObject({ deadLetters: 0, deadLettersDropped: 1 });
  });
});

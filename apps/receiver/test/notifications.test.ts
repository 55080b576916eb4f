import { randomUUID } from 'node:crypto';
import {
  changeNotification,
  seedTenant,
  startReceiver,
  type Harness,
  type Tenant,
} from './support/receiver-harness';

let h: Harness;
let t: Tenant;

beforeAll(async () => {
  h = await startReceiver();
  t = await seedTenant(h.db, h.box);
});
beforeEach(() => h.clearQueues());
afterAll(() => h?.close());

const userNote = (objectId: string, overrides: Record<string, unknown> = {}) =>
  changeNotification(t.users, t.tenantId, 'user', objectId, overrides);

function expectProblem(answer: { status: number; contentType: string; text: string }, status: number) {
  expect(answer.status).toBe(status);
  expect(answer.contentType).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(answer.text) as Record<string, unknown>;
  expect(body).toMatchObject({ type: 'about:blank', status });
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  expect(answer.text).not.toMatch(/\bat .+\.(ts|js):\d+/);
  return body;
}

describe('POST /graph/notifications', () => {
  it('answers the validationToken handshake with the decoded token as text/plain', async () => {
    const token =
      'Validation: Testing client application reachability for subscription Request-Id: 7d1c+&=?é';
    const answer = await h.post('/graph/notifications', '', {
      query: `?validationToken=${encodeURIComponent(token)}`,
      contentType: 'text/plain; charset=utf-8',
    });
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^text\/plain/);
    expect(answer.text).toBe(token);
    expect(await h.jobs('userSync')).toEqual([]);
  });

  it('S7.1 a validationToken over 1 KiB → 400 problem+json, not echoed (R9)', async () => {
    const token = 'v'.repeat(1025);
    const answer = await h.post('/graph/notifications', '', {
      query: `?validationToken=${token}`,
      contentType: 'text/plain; charset=utf-8',
    });
    expect(expectProblem(answer, 400).detail).toBe('The validationToken exceeds 1024 characters.');
    expect(answer.text).not.toContain(token);
    const longest = await h.post('/graph/lifecycle', '', { query: `?validationToken=${'v'.repeat(1024)}` });
    expect(longest.status).toBe(200);
    expect(longest.text).toBe('v'.repeat(1024));
  });

  it('S4.1 a valid user notification → 202 after exactly one user job is in Redis', async () => {
    const objectId = randomUUID();
    const before = Date.now();
    const answer = await h.post('/graph/notifications', { value: [userNote(objectId)] });
    expect(answer.status).toBe(202);
    expect(answer.text).toBe('');
    const jobs = await h.jobs('userSync');
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      name: 'user.changed',
      state: 'waiting',
      data: { connectionId: t.connectionId, objectId, trigger: 'change', source: 'notification' },
    });
    const { receivedAt } = jobs[0]!.data as { receivedAt: number };
    expect(receivedAt).toBeGreaterThanOrEqual(before);
    expect(receivedAt).toBeLessThanOrEqual(Date.now());
    for (const key of ['groupSync', 'delta', 'subscriptions', 'fullSync', 'connectionHealth'] as const)
      expect(await h.jobs(key)).toEqual([]);
  });

  it('S4.4 50 copies of the same notification leave one waiting job', async () => {
    const objectId = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => h.post('/graph/notifications', { value: [userNote(objectId)] })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(202));
    const jobs = await h.jobs('userSync');
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ state: 'waiting', data: { objectId } });
  });

  it('S4.4 duplicates inside one batch are counted as duplicate and enqueue once', async () => {
    const a = randomUUID();
    const b = randomUUID();
    const answer = await h.post('/graph/notifications', {
      value: [userNote(a), userNote(b), userNote(a), userNote(a, { changeType: 'deleted' })],
    });
    expect(answer.status).toBe(202);
    const ids = (await h.jobs('userSync')).map((j) => (j.data as { objectId: string }).objectId).sort();
    expect(ids).toEqual([a, b].sort());
    expect(await h.metrics.text()).toMatch(
      /entra_sync_notifications_received_total\{[^}]*outcome="duplicate"[^}]*\} 2\b/,
    );
  });

  it('a group notification → a group.changed job for the connection', async () => {
    const groupId = randomUUID();
    const note = changeNotification(t.groups, t.tenantId, 'group', groupId);
    expect((await h.post('/graph/notifications', { value: [note, note] })).status).toBe(202);
    const jobs = await h.jobs('groupSync');
    expect(jobs).toEqual([
      {
        name: 'group.changed',
        state: 'waiting',
        data: expect.objectContaining({ connectionId: t.connectionId, groupId }),
      },
    ]);
    expect(await h.jobs('userSync')).toEqual([]);
  });

  it('a bad clientState → 202 and no job (Microsoft: do not process it)', async () => {
    const forged = 'state-guessed-by-an-attacker';
    for (const clientState of [forged, t.users.clientState.slice(0, -1), t.groups.clientState, null]) {
      const answer = await h.post('/graph/notifications', {
        value: [userNote(randomUUID(), { clientState })],
      });
      expect(answer.status).toBe(202);
      expect(answer.text).toBe('');
    }
    const answer = await h.post('/graph/notifications', {
      value: [userNote(randomUUID(), { clientState: undefined })],
    });
    expect(answer.status).toBe(202);
    expect(await h.jobs('userSync')).toEqual([]);
    expect(h.logs.join('')).toContain('notification dropped: bad-client-state');
    // the request's logger (made lazily, N13) still carries its request id
    expect(h.logs.find((line) => line.includes('bad-client-state'))).toMatch(/"reqId":"req-[0-9a-z]+"/);
    expect(h.logs.join('')).not.toContain(forged);
  });

  it('an unknown subscription → 202 and no job', async () => {
    const note = userNote(randomUUID(), { subscriptionId: randomUUID() });
    expect((await h.post('/graph/notifications', { value: [note] })).status).toBe(202);
    expect(await h.jobs('userSync')).toEqual([]);
    expect(h.logs.join('')).toContain('notification dropped: unknown-subscription');
  });

  it("a notification from another tenant than the connection's → 202 and no job", async () => {
    const note = userNote(randomUUID(), { tenantId: randomUUID() });
    expect((await h.post('/graph/notifications', { value: [note] })).status).toBe(202);
    expect(await h.jobs('userSync')).toEqual([]);
    expect(h.logs.join('')).toContain('notification dropped: tenant-mismatch');
  });

  it('the tenant id is compared case-insensitively', async () => {
    const note = userNote(randomUUID(), { tenantId: t.tenantId.toUpperCase() });
    expect((await h.post('/graph/notifications', { value: [note] })).status).toBe(202);
    expect(await h.jobs('userSync')).toHaveLength(1);
  });

  it('a resource that is not a user or group of the subscription → 202 and no job', async () => {
    const groupOnUserSubscription = changeNotification(t.users, t.tenantId, 'group', randomUUID());
    const message = userNote(randomUUID(), {
      resource: 'Users/abc/messages/1',
      resourceData: { '@odata.type': '#Microsoft.Graph.Message', id: 'm1' },
    });
    const answer = await h.post('/graph/notifications', { value: [groupOnUserSubscription, message] });
    expect(answer.status).toBe(202);
    expect(await h.jobs('userSync')).toEqual([]);
    expect(await h.jobs('groupSync')).toEqual([]);
    expect(h.logs.join('')).toContain('notification dropped: unsupported-resource');
  });

  it('only the valid notifications of a mixed batch are enqueued', async () => {
    const good = randomUUID();
    const answer = await h.post('/graph/notifications', {
      value: [userNote(randomUUID(), { clientState: 'wrong' }), userNote(good)],
    });
    expect(answer.status).toBe(202);
    expect((await h.jobs('userSync')).map((j) => (j.data as { objectId: string }).objectId)).toEqual([good]);
  });

  it('garbage JSON → 400 problem+json', async () => {
    expectProblem(
      await h.post('/graph/notifications', '{"value": [', { contentType: 'application/json' }),
      400,
    );
    expectProblem(await h.post('/graph/notifications', 'hello', { contentType: 'text/plain' }), 400);
    expectProblem(await h.post('/graph/notifications', ''), 400);
    expect(await h.jobs('userSync')).toEqual([]);
  });

  it('the wrong shape → 400 problem+json naming the field, not echoing the input', async () => {
    const note = userNote(randomUUID(), { subscriptionId: 42 });
    const body = expectProblem(await h.post('/graph/notifications', { value: [note] }), 400);
    expect(body.detail).toContain('value.0.subscriptionId');
    expect(body.detail).not.toContain(t.users.clientState);
    expectProblem(await h.post('/graph/notifications', { value: [] }), 400);
    expectProblem(await h.post('/graph/notifications', [userNote(randomUUID())]), 400);
    expectProblem(
      await h.post('/graph/notifications', {
        value: [userNote(randomUUID(), { subscriptionExpirationDateTime: 'soon' })],
      }),
      400,
    );
    expect(await h.jobs('userSync')).toEqual([]);
  });

  it('a body over 1 MiB → 413 problem+json', async () => {
    const big = { value: [userNote(randomUUID(), { padding: 'x'.repeat(1024 * 1024) })] };
    expectProblem(await h.post('/graph/notifications', big), 413);
    expect(await h.jobs('userSync')).toEqual([]);
  });

  it('a subscription is read from Postgres once, then served from memory', async () => {
    const sub = { subscriptionId: t.users.subscriptionId };
    const first = await h.post('/graph/notifications', { value: [userNote(randomUUID())] });
    expect(first.status).toBe(202);
    await h.db.deleteFrom('graph_subscriptions').where('subscription_id', '=', sub.subscriptionId).execute();
    const second = randomUUID();
    expect((await h.post('/graph/notifications', { value: [userNote(second)] })).status).toBe(202);
    expect((await h.jobs('userSync')).map((j) => (j.data as { objectId: string }).objectId)).toContain(
      second,
    );
  });
});

describe('probes', () => {
  it('GET /healthz and /readyz answer 200 with Redis and Postgres up', async () => {
    expect((await h.get('/healthz')).status).toBe(200);
    const ready = await h.get('/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toEqual({ status: 'ready', checks: { redis: 'up', postgres: 'up' } });
  });

  it('GET /metrics exposes the notification counters and request durations', async () => {
    const answer = await h.get('/metrics');
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const outcome of ['enqueued-user', 'enqueued-group', 'duplicate', 'dropped', 'invalid'])
      expect(answer.text).toMatch(
        new RegExp(`entra_sync_notifications_received_total\\{[^}]*outcome="${outcome}"`),
      );
    expect(answer.text).toMatch(
      /entra_sync_http_request_duration_seconds_count\{[^}]*route="\/graph\/notifications",status="202"[^}]*\} \d+/,
    );
    expect(answer.text).toContain('# TYPE entra_sync_end_to_end_latency_seconds histogram');
  });

  it('S7.1 the public /metrics says a notification was dropped, never why (R8)', async () => {
    // every kind of refusal has happened in this file by now; the reasons stay in the debug log
    const text = (await h.get('/metrics')).text;
    for (const reason of [
      'bad-client-state',
      'unknown-subscription',
      'tenant-mismatch',
      'unsupported-resource',
    ])
      expect(h.logs.join('')).toContain(`notification dropped: ${reason}`);
    const outcomes = [
      ...text.matchAll(/entra_sync_notifications_received_total\{[^}]*outcome="([^"]+)"/g),
    ].map((m) => m[1]);
    expect(new Set(outcomes)).toEqual(
      new Set(['enqueued-user', 'enqueued-group', 'duplicate', 'dropped', 'invalid']),
    );
    const dropped = h.logs.filter((line) => line.includes('notification dropped'));
    expect(dropped.length).toBeGreaterThan(0);
    for (const line of dropped) expect(JSON.parse(line)).toMatchObject({ level: 20 });
  });

  it('an unknown route → 404 problem+json', async () => {
    expectProblem(await h.get('/graph/nothing'), 404);
  });
});

describe('secrets (S7.1)', () => {
  it('no response body and no log line contains a clientState or the client secret', () => {
    expect(h.bodies.length).toBeGreaterThan(20);
    expect(h.logs.length).toBeGreaterThan(5);
    const seen = [...h.bodies, ...h.logs].join('\n');
    for (const secret of [t.users.clientState, t.groups.clientState, t.clientSecret])
      expect(seen).not.toContain(secret);
  });
});

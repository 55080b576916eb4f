import type { RunningEmulator } from '../src';
import { control, graph, startTestEmulator, tenantWithToken, waitUntil } from './support/harness';
import { echoHandshake, Receiver } from './support/receiver';

describe('subscriptions and notification delivery', () => {
  let emulator: RunningEmulator;
  let t: Awaited<ReturnType<typeof tenantWithToken>>;
  const receiver = new Receiver();
  let base: string;

  beforeAll(async () => {
    emulator = await startTestEmulator({
      notifications: { batchWindowMs: 10, retryDelaysMs: [50, 50], validationTimeoutMs: 300 },
    });
    t = await tenantWithToken(emulator);
    base = await receiver.start();
  });
  afterAll(async () => {
    await emulator?.close();
    await receiver.stop();
  });
  beforeEach(() => {
    receiver.handler = (req, _body, res) => echoHandshake(req, res);
    receiver.received.length = 0;
    emulator.state.dropNotifications = false;
    emulator.state.requireTenant(t.tenantId).subscriptions.clear();
  });

  const subscribe = (body: Record<string, unknown> = {}) =>
    graph(emulator, t.token, '/subscriptions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        changeType: 'updated,deleted',
        resource: 'users',
        notificationUrl: `${base}/graph/notifications?connection=abc`,
        lifecycleNotificationUrl: `${base}/graph/lifecycle`,
        clientState: 'shh',
        expirationDateTime: new Date(Date.now() + 60 * 60_000).toISOString(),
        ...body,
      }),
    });
  const dir = () => emulator.state.requireTenant(t.tenantId).directory;
  const deliveries = (subscriptionId: string) =>
    emulator.state.deliveries.filter((d) => d.subscriptionId === subscriptionId && d.kind === 'notification');

  it('S4.1 the handshake is a text/plain POST with the URL-encoded token; query strings of the URL are kept', async () => {
    const created = await subscribe();
    expect(created.status).toBe(201);
    const handshake = receiver.received[0];
    const url = new URL(handshake?.url ?? '', 'http://x');
    expect(url.searchParams.get('connection')).toBe('abc');
    expect(url.searchParams.get('validationToken')).toMatch(
      /^Validation: Testing client application reachability/,
    );
    expect(created.body).toMatchObject({
      resource: 'users',
      changeType: 'updated,deleted',
      expirationDateTime: expect.any(String),
    });
  });

  it('S4.1 validation fails when the receiver is too slow (Graph waits 10 s) or echoes JSON', async () => {
    receiver.handler = (_req, _body, res) =>
      setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain' }).end('late'), 600);
    expect((await subscribe()).body).toMatchObject({ error: { code: 'ValidationError' } });
    receiver.handler = (req, _body, res) => {
      const token = new URL(req.url ?? '/', 'http://x').searchParams.get('validationToken');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(token));
    };
    expect((await subscribe()).body).toMatchObject({ error: { code: 'ValidationError' } });
  });

  it('S4.1 refuses changeType created, unknown resources and lifetimes beyond 41,760 minutes', async () => {
    expect((await subscribe({ changeType: 'created,updated' })).status).toBe(400);
    expect((await subscribe({ resource: 'me/messages' })).status).toBe(400);
    const far = new Date(Date.now() + 41_770 * 60_000).toISOString();
    expect((await subscribe({ expirationDateTime: far })).body).toMatchObject({
      error: { message: 'Subscription expiration can only be 41760 minutes in the future.' },
    });
    const justUnder = new Date(Date.now() + 41_759 * 60_000).toISOString();
    expect((await subscribe({ expirationDateTime: justUnder })).status).toBe(201);
  });

  it('S4.1 redelivers after a failed POST and records each attempt’s status and time', async () => {
    const sub = (await subscribe()).body as { id: string };
    let calls = 0;
    receiver.handler = (_req, _body, res) => void res.writeHead(++calls === 1 ? 500 : 202).end();
    dir().createUser({ userPrincipalName: `retry.me@${t.domain}` });
    const records = await waitUntil(
      () => deliveries(sub.id),
      (r) => r.length >= 2,
    );
    expect(records.map((r) => [r.attempt, r.status])).toEqual([
      [1, 500],
      [2, 202],
    ]);
    expect(records.every((r) => typeof r.durationMs === 'number' && r.dropped === false)).toBe(true);
  });

  it('S4.1 a change is pending from its batch until its receiver answered, and while a redelivery waits', async () => {
    const sub = (await subscribe()).body as { id: string };
    const answers: Array<(status: number) => void> = [];
    receiver.handler = (_req, _body, res) => void answers.push((status) => res.writeHead(status).end());
    expect(emulator.pendingNotifications()).toBe(0);
    dir().createUser({ userPrincipalName: `pending@${t.domain}` });
    expect(emulator.pendingNotifications()).toBe(1); // in its batch window
    await waitUntil(
      () => answers.length,
      (n) => n === 1,
    );
    expect(emulator.pendingNotifications()).toBe(1); // POSTed, not answered
    answers[0]?.(503);
    await waitUntil(
      () => answers.length,
      (n) => n === 2,
    );
    expect(deliveries(sub.id).map((d) => d.status)).toEqual([503]);
    expect(emulator.pendingNotifications()).toBe(1); // the redelivery
    answers[1]?.(202);
    await waitUntil(
      () => emulator.pendingNotifications(),
      (n) => n === 0,
    );
    expect(deliveries(sub.id).map((d) => d.status)).toEqual([503, 202]);
  });

  it('S4.1 dropped notifications are recorded but never sent', async () => {
    const sub = (await subscribe()).body as { id: string };
    receiver.received.length = 0;
    await control(emulator, 'PUT', '/notifications', { drop: true });
    dir().createUser({ userPrincipalName: `dropped@${t.domain}` });
    const records = await waitUntil(
      () => deliveries(sub.id),
      (r) => r.length >= 1,
    );
    expect(records[0]).toMatchObject({ dropped: true, status: null });
    expect(receiver.received).toEqual([]);
  });

  it('S1.1 groups subscriptions hear membership changes as updated and group deletion as deleted', async () => {
    const sub = (await subscribe({ resource: 'groups' })).body as { id: string };
    const group = dir().createGroup({ displayName: 'Watched' });
    const user = dir().createUser({ userPrincipalName: `joiner@${t.domain}` });
    await waitUntil(
      () => deliveries(sub.id),
      (r) => r.length >= 1,
    );
    dir().addMember(group.id, user.id);
    await waitUntil(
      () => deliveries(sub.id),
      (r) => r.length >= 2,
    );
    dir().deleteGroup(group.id);
    const records = await waitUntil(
      () => deliveries(sub.id),
      (r) => r.length >= 3,
    );
    expect(records.map((r) => r.notifications)).toEqual([
      [{ changeType: 'updated', resourceId: group.id }],
      [{ changeType: 'updated', resourceId: group.id }],
      [{ changeType: 'deleted', resourceId: group.id }],
    ]);
  });

  it('S7.3 sends the reauthorizationRequired lifecycle event to the lifecycle URL', async () => {
    const sub = (await subscribe()).body as { id: string };
    receiver.received.length = 0;
    const answer = await control(
      emulator,
      'POST',
      `/tenants/${t.tenantId}/subscriptions/${sub.id}/lifecycle`,
      { event: 'reauthorizationRequired' },
    );
    expect(answer.body).toEqual({ status: 202 });
    const post = receiver.received.find((r) => r.url.startsWith('/graph/lifecycle'));
    expect(JSON.parse(post?.body ?? '{}')).toEqual({
      value: [
        {
          subscriptionId: sub.id,
          subscriptionExpirationDateTime: expect.any(String),
          tenantId: t.tenantId,
          clientState: 'shh',
          lifecycleEvent: 'reauthorizationRequired',
        },
      ],
    });
    const listed = await control<{ value: Array<Record<string, unknown>> }>(
      emulator,
      'GET',
      `/tenants/${t.tenantId}/subscriptions`,
    );
    expect(JSON.stringify(listed.body)).not.toContain('shh');
  });
});

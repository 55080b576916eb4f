import { seedTenant, startReceiver, type Harness, type Tenant } from './support/receiver-harness';

let h: Harness;
let t: Tenant;

beforeAll(async () => {
  h = await startReceiver();
  t = await seedTenant(h.db, h.box);
});
beforeEach(() => h.clearQueues());
afterAll(() => h?.close());

const lifecycle = (lifecycleEvent: string, overrides: Record<string, unknown> = {}) => ({
  subscriptionId: t.users.subscriptionId,
  subscriptionExpirationDateTime: '2026-12-01T10:00:00.0000000Z',
  tenantId: t.tenantId,
  clientState: t.users.clientState,
  lifecycleEvent,
  ...overrides,
});

describe('POST /graph/lifecycle', () => {
  it('answers the validationToken handshake', async () => {
    const token = 'Validation: Testing client application reachability for subscription Request-Id: 42';
    const answer = await h.post('/graph/lifecycle', '', {
      query: `?validationToken=${encodeURIComponent(token)}`,
      contentType: 'text/plain',
    });
    expect(answer).toMatchObject({ status: 200, text: token });
    expect(answer.contentType).toMatch(/^text\/plain/);
  });

  it('reauthorizationRequired → one subscriptions.reauthorize job for that subscription', async () => {
    const event = lifecycle('reauthorizationRequired');
    const answer = await h.post('/graph/lifecycle', { value: [event, event] });
    expect(answer.status).toBe(202);
    expect(await h.jobs('subscriptions')).toEqual([
      {
        name: 'subscriptions.reauthorize',
        state: 'waiting',
        data: { connectionId: t.connectionId, subscriptionId: t.users.subscriptionId },
      },
    ]);
  });

  it('subscriptionRemoved → subscriptions.ensure for the connection', async () => {
    expect((await h.post('/graph/lifecycle', { value: [lifecycle('subscriptionRemoved')] })).status).toBe(
      202,
    );
    expect(await h.jobs('subscriptions')).toEqual([
      { name: 'subscriptions.ensure', state: 'waiting', data: { connectionId: t.connectionId } },
    ]);
  });

  it('S4.1 missed → a delta run for the connection catches up', async () => {
    expect((await h.post('/graph/lifecycle', { value: [lifecycle('missed')] })).status).toBe(202);
    expect(await h.jobs('delta')).toEqual([
      { name: 'delta.run', state: 'waiting', data: { connectionId: t.connectionId } },
    ]);
  });

  it('the same clientState and tenant checks apply: forged events enqueue nothing', async () => {
    const answer = await h.post('/graph/lifecycle', {
      value: [
        lifecycle('reauthorizationRequired', { clientState: 'forged' }),
        lifecycle('missed', { tenantId: '00000000-0000-0000-0000-000000000000' }),
        lifecycle('subscriptionRemoved', { subscriptionId: 'not-ours' }),
      ],
    });
    expect(answer.status).toBe(202);
    expect(await h.jobs('subscriptions')).toEqual([]);
    expect(await h.jobs('delta')).toEqual([]);
    const logs = h.logs.join('');
    for (const kind of ['bad-client-state', 'tenant-mismatch', 'unknown-subscription'])
      expect(logs).toContain(`notification dropped: ${kind}`);
  });

  it('an unknown lifecycle event is dropped with 202', async () => {
    expect((await h.post('/graph/lifecycle', { value: [lifecycle('somethingNew')] })).status).toBe(202);
    expect(await h.jobs('subscriptions')).toEqual([]);
    expect(h.logs.join('')).toContain('notification dropped: unsupported-event');
  });

  it('a change notification posted here is the wrong shape → 400 problem+json', async () => {
    const answer = await h.post('/graph/lifecycle', {
      value: [{ ...lifecycle('missed'), lifecycleEvent: undefined, resource: 'Users/1' }],
    });
    expect(answer.status).toBe(400);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(answer.text)).toMatchObject({
      status: 400,
      detail: expect.stringContaining('lifecycleEvent'),
    });
  });

  it('no response or log line carries the clientState (S7.1)', () => {
    const seen = [...h.bodies, ...h.logs].join('\n');
    expect(seen).not.toContain(t.users.clientState);
    expect(seen).not.toContain(t.clientSecret);
  });
});

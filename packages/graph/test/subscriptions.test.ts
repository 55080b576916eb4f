import type { RunningEmulator } from '@entra-sync/graph-emulator';
import {
  classifyGraphError,
  createSubscription,
  deleteSubscription,
  listSubscriptions,
  maxSubscriptionExpiration,
  MAX_SUBSCRIPTION_MINUTES,
  renewSubscription,
} from '../src';
import {
  createTestTenant,
  failureOf,
  startTestEmulator,
  type TestTenant,
  waitUntil,
} from './support/emulator';
import { TestReceiver } from './support/receiver';

type Notification = {
  subscriptionId: string;
  clientState: string;
  changeType: string;
  resource: string;
  tenantId: string;
  subscriptionExpirationDateTime: string;
  resourceData: { id: string; '@odata.type': string; '@odata.id': string };
};

describe('subscriptions and change notifications through the real Graph SDK', () => {
  let emulator: RunningEmulator;
  let t: TestTenant;
  const receiver = new TestReceiver();
  let base: string;

  beforeAll(async () => {
    emulator = await startTestEmulator({ notifications: { batchWindowMs: 10 } });
    t = createTestTenant(emulator);
    base = await receiver.start();
  });
  afterAll(async () => {
    await emulator?.close();
    await receiver.stop();
  });
  beforeEach(() => {
    receiver.handshake = 'echo';
    receiver.posts.length = 0;
  });

  const request = (overrides: Partial<Parameters<typeof createSubscription>[1]> = {}) => ({
    resource: 'users',
    notificationUrl: `${base}/graph/notifications`,
    lifecycleNotificationUrl: `${base}/graph/lifecycle`,
    clientState: 'client-state-secret',
    expirationDateTime: maxSubscriptionExpiration(),
    ...overrides,
  });

  it('S4.1 creates a users subscription after the validationToken handshake', async () => {
    const sub = await createSubscription(t.client, request());
    expect(sub).toMatchObject({
      resource: 'users',
      changeType: 'updated,deleted',
      notificationUrl: `${base}/graph/notifications`,
    });
    expect(sub).not.toHaveProperty('clientState');
    const validations = emulator.state.deliveries.filter(
      (d) => d.kind === 'validation' && d.url.startsWith(base),
    );
    expect(validations.slice(-2).map((v) => v.status)).toEqual([200, 200]);
    await deleteSubscription(t.client, sub.id);
  });

  it.each(['wrong-token', 'server-error'] as const)(
    'S4.1 a receiver that fails the handshake (%s) gets no subscription',
    async (mode) => {
      receiver.handshake = mode;
      const err = await failureOf(() => createSubscription(t.client, request()));
      expect(classifyGraphError(err)).toMatchObject({
        kind: 'permanent',
        status: 400,
        code: 'ValidationError',
      });
      expect(await listSubscriptions(t.client)).toEqual([]);
    },
  );

  it('S4.1/S5.1 delivers created and soft-deleted users as updated, hard deletes as deleted, with clientState', async () => {
    const sub = await createSubscription(t.client, request());
    const d = emulator.state.requireTenant(t.tenantId).directory;
    const user = d.createUser({ userPrincipalName: `notify.me@${t.domain}` });
    const first = (await receiver.waitFor(1))[0]?.body as { value: Notification[] };
    d.softDeleteUser(user.id);
    await receiver.waitFor(2);
    d.hardDeleteUser(user.id);
    await receiver.waitFor(3);
    const all = receiver.posts.flatMap((p) => (p.body as { value: Notification[] }).value);
    expect(all.map((n) => n.changeType)).toEqual(['updated', 'updated', 'deleted']);
    expect(first.value[0]).toEqual({
      subscriptionId: sub.id,
      subscriptionExpirationDateTime: sub.expirationDateTime.toISOString(),
      clientState: 'client-state-secret',
      changeType: 'updated',
      resource: `Users/${user.id}`,
      tenantId: t.tenantId,
      resourceData: {
        '@odata.type': '#Microsoft.Graph.User',
        '@odata.id': `Users/${user.id}`,
        id: user.id,
        organizationId: t.tenantId,
      },
    });
    const records = await waitUntil(
      () => emulator.state.deliveries.filter((r) => r.subscriptionId === sub.id && r.kind === 'notification'),
      (found) => found.length >= 3,
    );
    expect(records.map((r) => r.status)).toEqual([202, 202, 202]);
    expect(records.every((r) => r.durationMs >= 0 && r.durationMs < 3_000)).toBe(true);
    await deleteSubscription(t.client, sub.id);
  });

  it('S4.1 renews by PATCH within 41,760 minutes and refuses a longer lifetime', async () => {
    const sub = await createSubscription(
      t.client,
      request({ expirationDateTime: new Date(Date.now() + 60 * 60_000) }),
    );
    const later = maxSubscriptionExpiration();
    const renewed = await renewSubscription(t.client, sub.id, later);
    expect(renewed.expirationDateTime.toISOString()).toBe(later.toISOString());
    const tooLong = new Date(Date.now() + (MAX_SUBSCRIPTION_MINUTES + 5) * 60_000);
    expect(
      classifyGraphError(await failureOf(() => renewSubscription(t.client, sub.id, tooLong))),
    ).toMatchObject({ kind: 'permanent', status: 400 });
    await deleteSubscription(t.client, sub.id);
    expect(
      classifyGraphError(await failureOf(() => renewSubscription(t.client, sub.id, later))),
    ).toMatchObject({ kind: 'not-found' });
  });

  it('S4.1 users and groups accept only updated and deleted change types', async () => {
    const err = await failureOf(() =>
      createSubscription(t.client, request({ changeTypes: ['created' as never, 'updated'] })),
    );
    expect(classifyGraphError(err)).toMatchObject({ kind: 'permanent', status: 400 });
  });
});

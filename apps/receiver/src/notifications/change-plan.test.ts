import { createHash } from 'node:crypto';
import { targetOf } from './change-plan';
import type { ChangeNotification } from './notification.schema';
import { clientStateMatches, type KnownSubscription } from './subscription-cache';

const subscription = (resource: string): KnownSubscription => ({
  subscriptionId: 's1',
  connectionId: 'c1',
  resource,
  tenantId: 't1',
  clientStateDigest: createHash('sha256').update('the-secret').digest(),
});

const note = (resource: string, resourceData?: ChangeNotification['resourceData']): ChangeNotification => ({
  subscriptionId: 's1',
  clientState: 'the-secret',
  changeType: 'updated',
  resource,
  resourceData,
  tenantId: 't1',
  subscriptionExpirationDateTime: '2026-12-01T00:00:00Z',
});

describe('targetOf', () => {
  it('reads users and groups as Graph sends them', () => {
    const users = subscription('users');
    expect(targetOf(note('Users/u1', { id: 'u1', '@odata.type': '#Microsoft.Graph.User' }), users)).toEqual({
      kind: 'user',
      id: 'u1',
    });
    expect(targetOf(note('Users/u2'), users)).toEqual({ kind: 'user', id: 'u2' });
    expect(targetOf(note('Groups/g1'), subscription('/groups'))).toEqual({ kind: 'group', id: 'g1' });
    expect(
      targetOf(
        note('groups/g2', { id: 'g2', '@odata.type': '#microsoft.graph.group' }),
        subscription('groups'),
      ),
    ).toEqual({
      kind: 'group',
      id: 'g2',
    });
  });

  it('refuses what a subscription of that resource cannot be about', () => {
    expect(targetOf(note('Groups/g1'), subscription('users'))).toBeNull();
    expect(
      targetOf(
        note('Users/u1', { id: 'u1', '@odata.type': '#Microsoft.Graph.Group' }),
        subscription('groups'),
      ),
    ).toBeNull();
    expect(targetOf(note('Users/u1/messages/m1'), subscription('users'))).toBeNull();
    expect(
      targetOf(
        note('me/events', { id: 'e1', '@odata.type': '#Microsoft.Graph.Event' }),
        subscription('users'),
      ),
    ).toBeNull();
  });
});

describe('clientStateMatches', () => {
  it('accepts only the exact secret, whatever the length of the guess', () => {
    const known = subscription('users');
    expect(clientStateMatches(known, 'the-secret')).toBe(true);
    for (const guess of ['the-secre', 'the-secret!', 'THE-SECRET', '', 'x'.repeat(5000), null, undefined])
      expect(clientStateMatches(known, guess)).toBe(false);
  });
});

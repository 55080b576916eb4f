import type { DirectoryUserFields } from '@entra-sync/domain';
import { ScopeStore } from './scope-store';

const AT = new Date('2026-03-01T08:00:00.000Z');

const fields = (n: number, overrides: Partial<DirectoryUserFields> = {}): DirectoryUserFields => ({
  givenName: 'Ada',
  surname: `Lovelace ${n}`,
  userPrincipalName: `ada${n}@example.com`,
  mail: `ada${n}@example.com`,
  businessPhones: [`+1 555 000${n}`],
  mobilePhone: null,
  jobTitle: 'Engineer',
  accountEnabled: true,
  ...overrides,
});

describe('ScopeStore', () => {
  it('S1.1 gives back every user of the scope read with the S2 fields Graph returned, in read order', () => {
    const store = new ScopeStore(AT);
    const users = [
      fields(1),
      fields(2, { mail: null, businessPhones: [], mobilePhone: '+1 555 0102', accountEnabled: false }),
      fields(3, { mail: 'Other@Example.com', businessPhones: ['+1 555 1', '+1 555 2'], jobTitle: null }),
      fields(4, { givenName: null, surname: null, userPrincipalName: null }),
    ];
    const group = store.membership('g1', true);
    users.forEach((user, i) => store.add(`u${i}`, user, group));

    expect(store.size).toBe(4);
    expect([...store.observations()]).toEqual(
      users.map((user, i) => ({
        state: 'present',
        objectId: `u${i}`,
        observedAt: AT,
        user,
        directGroupIds: ['g1'],
        transitiveGroupIds: ['g1'],
      })),
    );
  });

  it('S1.1 collects a user’s groups over every group read (direct ones count as transitive too)', () => {
    const store = new ScopeStore(AT);
    const g1 = store.membership('g1', true);
    const g2Nested = store.membership('g2', false);
    const g2 = store.membership('g2', true);
    store.add('a', fields(1), g1);
    store.add('b', fields(2), g2Nested);
    store.add('a', fields(1, { givenName: 'Later' }), g2Nested);
    store.add('b', fields(2), g2);
    store.add('a', fields(1), g1); // a retried read adds nothing

    expect(store.get('a')).toMatchObject({
      user: { givenName: 'Ada' },
      directGroupIds: ['g1'],
      transitiveGroupIds: ['g1', 'g2'],
    });
    expect(store.get('b')).toMatchObject({ directGroupIds: ['g2'], transitiveGroupIds: ['g2'] });
    expect(store.get('c')).toBeNull();
    expect(store.has('a')).toBe(true);
    expect(store.has('c')).toBe(false);
  });

  it('builds a fresh observation each time: what the planner gets cannot change the store', () => {
    const store = new ScopeStore(AT);
    store.add('a', fields(1), store.membership('g1', true));
    const first = store.at(0);
    (first.user.businessPhones as string[]).push('+1 555 9999');
    expect(store.at(0).user.businessPhones).toEqual(['+1 555 0001']);
    expect(store.at(0)).not.toBe(first);
    expect(Object.isFrozen(store.at(0).directGroupIds)).toBe(true);
  });
});

import { checkMassDeactivation, decideRemovals, removalOf, removesAccess } from './mass-removal-guard';
import type { DirectoryObservation, Link, MappingRule } from './types';

const link: Link = {
  connectionId: 'c1',
  objectId: 'u1',
  kind: 'contact',
  recordId: 'r1',
  lastObservedAt: new Date(0),
  fingerprint: 'x',
  inScope: true,
};
const rule: MappingRule = {
  id: 1,
  connectionId: 'c1',
  groupId: 'g1',
  order: 1,
  createdAt: new Date(0),
  target: 'contact',
  accountId: 'a1',
  securityRole: null,
  modules: [],
  portalAccess: false,
  portalRole: null,
  transitive: false,
};
const present = (groups: string[], accountEnabled = true): DirectoryObservation => ({
  state: 'present',
  objectId: 'u1',
  observedAt: new Date(1),
  user: {
    givenName: 'A',
    surname: 'B',
    userPrincipalName: 'a@b.c',
    mail: 'a@b.c',
    businessPhones: [],
    mobilePhone: null,
    jobTitle: null,
    accountEnabled,
  },
  directGroupIds: groups,
  transitiveGroupIds: groups,
});

describe('S8 mass-deactivation guard', () => {
  it('S8 counts deleted, disabled and out-of-scope synced users as losing access', () => {
    expect(
      removesAccess({ state: 'deleted', objectId: 'u1', observedAt: new Date(1), hard: false }, link, [rule]),
    ).toBe(true);
    expect(removesAccess(present(['g1'], false), link, [rule])).toBe(true);
    expect(removesAccess(present([]), link, [rule])).toBe(true);
    expect(removesAccess(present(['g1']), link, [rule])).toBe(false);
  });

  it('S8 ignores users that were never synced or are already out of scope', () => {
    expect(removesAccess(present([]), null, [rule])).toBe(false);
    expect(removesAccess(present([]), { ...link, inScope: false }, [rule])).toBe(false);
  });

  it('S8 stops above the threshold share (default 20 %) and not at or below it', () => {
    expect(checkMassDeactivation(21, 100, 0.2).exceeded).toBe(true);
    expect(checkMassDeactivation(20, 100, 0.2).exceeded).toBe(false);
    expect(checkMassDeactivation(0, 0, 0.2).exceeded).toBe(false);
  });

  it('S8 one removal per window always passes, however small the connection (M2)', () => {
    expect(checkMassDeactivation(1, 1, 0.2).exceeded).toBe(false);
    expect(checkMassDeactivation(2, 3, 0.2).exceeded).toBe(true);
  });
});

describe('S8 sliding window (decideRemovals)', () => {
  const window = { unconfirmed: 0, leftScope: 0, inScope: 100, pending: false };

  it('S8 removals arriving one at a time are applied up to the threshold, then held', () => {
    expect(decideRemovals(1, { ...window, unconfirmed: 19, leftScope: 19, inScope: 81 }, 0.2).hold).toBe(
      false,
    );
    expect(decideRemovals(1, { ...window, unconfirmed: 20, leftScope: 20, inScope: 80 }, 0.2).hold).toBe(
      true,
    );
  });

  it('S8 a batch that would cross the threshold is held as a whole; nothing arriving holds nothing', () => {
    expect(decideRemovals(21, window, 0.2)).toMatchObject({ hold: true, removals: 21, synced: 100 });
    expect(decideRemovals(20, window, 0.2).hold).toBe(false);
    expect(decideRemovals(0, { ...window, pending: true }, 0.2).hold).toBe(false);
  });

  it('S8 once a confirmation is pending every further removal waits with it', () => {
    expect(decideRemovals(1, { ...window, pending: true }, 0.2).hold).toBe(true);
  });

  it('S8 confirmed removals stay in the population but no longer count toward the threshold', () => {
    const afterApproval = { unconfirmed: 0, leftScope: 50, inScope: 50, pending: false };
    expect(decideRemovals(20, afterApproval, 0.2).hold).toBe(false);
    expect(decideRemovals(21, afterApproval, 0.2).hold).toBe(true);
  });

  it('S8 a linked record with nothing left to lose is no removal: already deactivated, or root', () => {
    const active = { status: 'active', login: { enabled: true }, portalAccess: true };
    const inactive = { status: 'inactive', login: { enabled: false }, portalAccess: false };
    expect(removalOf(present(['g1'], false), link, [rule], active)).toBe('disabled');
    expect(removalOf(present(['g1'], false), link, [rule], inactive)).toBeNull();
    expect(removalOf(present([]), link, [rule], { ...active, isRoot: true })).toBeNull();
    expect(
      removalOf(present([]), link, [rule], { status: 'active', login: null, portalAccess: false }),
    ).toBeNull();
  });

  it('S8 names how each removal takes access away', () => {
    expect(
      removalOf({ state: 'deleted', objectId: 'u1', observedAt: new Date(1), hard: true }, link, [rule]),
    ).toBe('deleted');
    expect(removalOf(present(['g1'], false), link, [rule])).toBe('disabled');
    expect(removalOf(present([]), link, [])).toBe('out-of-scope');
    expect(removalOf(present(['g1']), link, [rule])).toBeNull();
  });
});

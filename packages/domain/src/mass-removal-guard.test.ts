import { checkMassDeactivation, removesAccess } from './mass-removal-guard';
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
});

import { fingerprint, type FingerprintState } from './fingerprint';

const state = (overrides: Partial<Extract<FingerprintState, { scope: 'in' }>> = {}): FingerprintState => ({
  scope: 'in',
  kind: 'employee',
  username: 'jane',
  fields: { firstName: 'Jane', lastName: 'Doe', email: 'j@x.com', officePhone: null, mobilePhone: null, jobTitle: null },
  accountEnabled: true,
  rule: { ruleId: 1, accountId: null, securityRole: 'Eng', modules: ['a', 'b'], portalAccess: false, portalRole: null },
  ...overrides,
});

describe('D1 fingerprint', () => {
  it('D1 is stable under key order and module order', () => {
    const reordered: FingerprintState = {
      rule: { portalRole: null, portalAccess: false, modules: ['b', 'a', 'a'], securityRole: 'Eng', accountId: null, ruleId: 1 },
      accountEnabled: true,
      fields: { jobTitle: null, mobilePhone: null, officePhone: null, email: 'j@x.com', lastName: 'Doe', firstName: 'Jane' },
      username: 'jane',
      kind: 'employee',
      scope: 'in',
    };
    expect(fingerprint(reordered)).toBe(fingerprint(state()));
  });

  it.each([
    { name: 'D1 a mapped field moves it', changed: state({ fields: { ...(state() as { fields: object }).fields, jobTitle: 'CTO' } as never }) },
    { name: 'D1 accountEnabled moves it', changed: state({ accountEnabled: false }) },
    { name: 'D1 the winning rule moves it', changed: state({ rule: { ruleId: 2, accountId: null, securityRole: 'Eng', modules: ['a', 'b'], portalAccess: false, portalRole: null } }) },
    { name: 'D1 the rule access moves it', changed: state({ rule: { ruleId: 1, accountId: null, securityRole: 'Eng', modules: ['a'], portalAccess: false, portalRole: null } }) },
    { name: 'D1 the kind moves it', changed: state({ kind: 'contact' }) },
    { name: 'D1 the username moves it', changed: state({ username: 'Jane' }) },
    { name: 'D1 scope moves it', changed: { scope: 'out' } as FingerprintState },
  ])('$name', ({ changed }) => {
    expect(fingerprint(changed)).not.toBe(fingerprint(state()));
  });

  it('D1 is a plain versioned string', () => {
    expect(fingerprint({ scope: 'deleted' })).toBe('v1:{"scope":"deleted"}');
  });
});

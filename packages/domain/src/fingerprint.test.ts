import { fingerprint, type FingerprintState } from './fingerprint';

type InScope = Extract<FingerprintState, { scope: 'in' }>;
const fields = {
  firstName: 'Jane',
  lastName: 'Doe',
  email: 'j@x.com',
  officePhone: null,
  mobilePhone: null,
  jobTitle: null,
};
const access = {
  ruleId: 1,
  accountId: null,
  securityRole: 'Eng',
  modules: ['a', 'b'],
  portalAccess: false,
  portalRole: null,
};
const state = (overrides: Partial<InScope> = {}): FingerprintState => ({
  scope: 'in',
  kind: 'employee',
  username: 'jane',
  fields,
  accountEnabled: true,
  rule: access,
  ...overrides,
});

describe('D1 fingerprint', () => {
  it('D1 is stable under key order and module order', () => {
    const reordered: FingerprintState = {
      rule: {
        portalRole: null,
        portalAccess: false,
        modules: ['b', 'a', 'a'],
        securityRole: 'Eng',
        accountId: null,
        ruleId: 1,
      },
      accountEnabled: true,
      fields: {
        jobTitle: null,
        mobilePhone: null,
        officePhone: null,
        email: 'j@x.com',
        lastName: 'Doe',
        firstName: 'Jane',
      },
      username: 'jane',
      kind: 'employee',
      scope: 'in',
    };
    expect(fingerprint(reordered)).toBe(fingerprint(state()));
  });

  it.each([
    { name: 'D1 a mapped field moves it', changed: state({ fields: { ...fields, jobTitle: 'CTO' } }) },
    { name: 'D1 a cleared mapped field moves it', changed: state({ fields: { ...fields, email: null } }) },
    { name: 'D1 accountEnabled moves it', changed: state({ accountEnabled: false }) },
    { name: 'D1 the winning rule moves it', changed: state({ rule: { ...access, ruleId: 2 } }) },
    { name: 'D1 the rule access moves it', changed: state({ rule: { ...access, modules: ['a'] } }) },
    { name: 'D1 the portal access moves it', changed: state({ rule: { ...access, portalAccess: true } }) },
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

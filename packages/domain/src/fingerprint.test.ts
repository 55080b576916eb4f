import fc from 'fast-check';
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

  // The v1 text as first written (stored on every link): the fast paths must reproduce it exactly, or
  // every unchanged user would read as changed on the next reconcile.
  const v1 = (value: FingerprintState): string => {
    const canonical = (v: unknown): unknown => {
      if (v instanceof Date) return v.toISOString();
      if (Array.isArray(v)) return v.map(canonical);
      if (v !== null && typeof v === 'object') {
        const entries = Object.entries(v as Record<string, unknown>)
          .filter(([, x]) => x !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return Object.fromEntries(entries.map(([k, x]) => [k, canonical(x)]));
      }
      return v;
    };
    const normalised =
      value.scope === 'in'
        ? { ...value, rule: { ...value.rule, modules: [...new Set(value.rule.modules)].sort() } }
        : value;
    return `v1:${JSON.stringify(canonical(normalised))}`;
  };
  const text = fc.option(fc.string(), { nil: null });
  const personFields = fc.record({
    firstName: text,
    lastName: text,
    email: text,
    officePhone: text,
    mobilePhone: text,
    jobTitle: text,
  });
  const employeeFields = fc.record({
    firstName: text,
    lastName: text,
    email: text,
    officePhone: text,
    mobilePhone: text,
    jobTitle: text,
    department: text,
    location: text,
    timeZone: text,
  });
  const rule = fc.record({
    ruleId: fc.integer(),
    accountId: text,
    securityRole: text,
    modules: fc.array(fc.string()),
    portalAccess: fc.boolean(),
    portalRole: text,
  });
  const inScope = fc.record({
    scope: fc.constant('in' as const),
    kind: fc.constantFrom('employee' as const, 'contact' as const),
    username: text,
    fields: fc.oneof(personFields, employeeFields),
    accountEnabled: fc.boolean(),
    rule,
  });

  it('D1 writes the v1 text for any in-scope state', () => {
    fc.assert(fc.property(inScope, (s) => expect(fingerprint(s)).toBe(v1(s))));
  });

  it('D1 writes the v1 text for states with extra or undefined members and odd keys', () => {
    const extra = fc.dictionary(fc.string(), fc.jsonValue());
    const odd = fc.record({
      state: inScope,
      fieldsExtra: extra,
      ruleExtra: extra,
      topExtra: extra,
      undefinedKey: fc.constantFrom('username', 'fields', 'rule.portalRole', 'fields.jobTitle', 'none'),
    });
    fc.assert(
      fc.property(odd, ({ state: base, fieldsExtra, ruleExtra, topExtra, undefinedKey }) => {
        const s: Record<string, unknown> = {
          ...topExtra,
          ...base,
          fields: { ...fieldsExtra, ...base.fields },
          rule: { ...ruleExtra, ...base.rule },
        };
        const [outer, inner] = undefinedKey.split('.');
        if (outer !== undefined && outer !== 'none' && outer !== 'rule' && inner === undefined)
          s[outer] = undefined;
        if (inner !== undefined && outer !== undefined)
          (s[outer] as Record<string, unknown>)[inner] = undefined;
        const state = s as unknown as FingerprintState;
        expect(fingerprint(state)).toBe(v1(state));
      }),
    );
  });

  it('D1 writes the v1 text for the out-of-scope states', () => {
    expect(fingerprint({ scope: 'out' })).toBe(v1({ scope: 'out' }));
    expect(fingerprint({ scope: 'deleted' })).toBe(v1({ scope: 'deleted' }));
  });
});

import fc from 'fast-check';
import { rankRules, resolveWinner } from './precedence';
import { rule, T0 } from './testing/builders';

const later = new Date(T0.getTime() + 1000);

describe('precedence', () => {
  const cases = [
    {
      name: 'S1.1 a direct member matches a rule on its group',
      rules: [rule({ id: 1, groupId: 'a' })],
      direct: ['a'],
      nested: [],
      ranked: [1],
    },
    {
      name: 'S1.1 nested membership does not match a direct-only rule',
      rules: [rule({ id: 1, groupId: 'a' })],
      direct: ['b'],
      nested: ['a'],
      ranked: [],
    },
    {
      name: 'S1.1 nested membership matches a transitive rule (D3)',
      rules: [rule({ id: 1, groupId: 'a', transitive: true })],
      direct: ['b'],
      nested: ['a'],
      ranked: [1],
    },
    {
      name: 'S1.1 a user in no mapped group is out of scope',
      rules: [rule({ id: 1, groupId: 'a' }), rule({ id: 2, groupId: 'b', transitive: true })],
      direct: ['x'],
      nested: ['y'],
      ranked: [],
    },
    {
      name: 'S1.2 lowest order wins',
      rules: [rule({ id: 1, groupId: 'a', order: 2 }), rule({ id: 2, groupId: 'b', order: 1 })],
      direct: ['a', 'b'],
      nested: [],
      ranked: [2, 1],
    },
    {
      name: 'S1.2 equal order: the oldest rule wins',
      rules: [rule({ id: 1, groupId: 'a', createdAt: later }), rule({ id: 2, groupId: 'b', createdAt: T0 })],
      direct: ['a', 'b'],
      nested: [],
      ranked: [2, 1],
    },
    {
      name: 'S1.2 equal order and creation time: the smallest id wins',
      rules: [rule({ id: 9, groupId: 'a' }), rule({ id: 3, groupId: 'b' })],
      direct: ['a', 'b'],
      nested: [],
      ranked: [3, 9],
    },
  ];

  it.each(cases)('$name', ({ rules, direct, nested, ranked }) => {
    expect(rankRules(rules, direct, nested).map((r) => r.rule.id)).toEqual(ranked);
    expect(resolveWinner(rules, direct, nested).winner?.rule.id ?? null).toBe(ranked[0] ?? null);
  });

  it('S1.2 explains why the winner beats each other rule', () => {
    const rules = [
      rule({ id: 5, groupId: 'b', order: 2 }),
      rule({ id: 7, groupId: 'c', order: 1, createdAt: later }),
      rule({ id: 8, groupId: 'd', order: 1 }),
      rule({ id: 3, groupId: 'a', order: 1 }),
    ];
    const { explanation, ranked } = resolveWinner(rules, ['a', 'b', 'c', 'd'], []);
    expect(explanation).toBe(
      'S1.2 rule #3 (group a, direct, order 1) wins over #8 (order 1, same creation time, larger id), ' +
        '#7 (order 1, created later), #5 (order 2)',
    );
    expect(ranked[0]?.reason).toMatch(/^S1\.1 rule #3 matches: direct member of group a; S1\.2 rank 1/);
    expect(resolveWinner(rules, ['b'], []).explanation).toBe(
      'S1.2 rule #5 (group b, direct, order 2) is the only matching rule',
    );
    expect(resolveWinner(rules, [], []).explanation).toMatch(/^S1\.1 no mapping rule matches/);
  });

  it('S1.2 property: ranking ignores the order of rules and groups', () => {
    const groups = ['a', 'b', 'c', 'd'];
    const ruleArb = fc.record({
      groupId: fc.constantFrom(...groups),
      order: fc.integer({ min: 0, max: 3 }),
      created: fc.integer({ min: 0, max: 2 }),
      transitive: fc.boolean(),
    });
    const scenario = fc
      .record({
        specs: fc.array(ruleArb, { maxLength: 8 }),
        direct: fc.subarray(groups),
        nested: fc.subarray(groups),
      })
      .chain(({ specs, direct, nested }) => {
        const rules = specs.map((s, i) =>
          rule({
            id: i + 1,
            groupId: s.groupId,
            order: s.order,
            transitive: s.transitive,
            createdAt: new Date(T0.getTime() + s.created),
          }),
        );
        return fc.record({
          rules: fc.constant(rules),
          direct: fc.constant(direct),
          nested: fc.constant(nested),
          rules2: fc.shuffledSubarray(rules, { minLength: rules.length }),
          direct2: fc.shuffledSubarray(direct, { minLength: direct.length }),
          nested2: fc.shuffledSubarray(nested, { minLength: nested.length }),
        });
      });
    fc.assert(
      fc.property(scenario, ({ rules, direct, nested, rules2, direct2, nested2 }) => {
        const a = resolveWinner(rules, direct, [...direct, ...nested]);
        const b = resolveWinner(rules2, direct2, [...nested2, ...direct2]);
        expect(b.ranked.map((r) => r.rule.id)).toEqual(a.ranked.map((r) => r.rule.id));
        expect(b.explanation).toBe(a.explanation);
        expect(b.winner?.rule.id).toBe(a.winner?.rule.id);
      }),
      { numRuns: 300 },
    );
  });
});

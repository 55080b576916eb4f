import fc from 'fast-check';
import { archiveNames, archiveSuffix } from './archive-name';

describe('S6.2 / D13 archive names', () => {
  it.each([
    { name: 'S6.2 appends _Archived', taken: [], suffix: '_Archived' },
    { name: 'S6.2 _Archived2 when _Archived is taken', taken: ['jane_Archived'], suffix: '_Archived2' },
    {
      name: 'S6.2 taken names compare case-insensitively',
      taken: ['JANE_ARCHIVED', 'jane_archived2'],
      suffix: '_Archived3',
    },
    {
      name: 'D13 one suffix free for both username and e-mail',
      taken: ['jane@x.com_Archived', 'jane_Archived2'],
      suffix: '_Archived3',
    },
  ])('$name', ({ taken, suffix }) => {
    expect(archiveNames('jane', 'jane@x.com', taken)).toEqual({
      username: `jane${suffix}`,
      email: `jane@x.com${suffix}`,
      suffix,
    });
  });

  it('S6.2 an employee without login or e-mail keeps nulls', () => {
    expect(archiveNames(null, 'a@b.c', ['a@b.c_Archived'])).toEqual({
      username: null,
      email: 'a@b.c_Archived2',
      suffix: '_Archived2',
    });
    expect(archiveNames(null, null, [])).toEqual({ username: null, email: null, suffix: '_Archived' });
  });

  it('S6.2 property: archive names never collide with the taken list and take the first free counter', () => {
    const base = fc.constantFrom('jane', 'Jane', 'j');
    const mail = fc.option(fc.constantFrom('jane@x.com', 'JANE@X.COM'), { nil: null });
    const takenName = fc
      .tuple(
        fc.constantFrom('jane', 'JANE', 'jane@x.com', 'Jane@X.com', 'j', 'other'),
        fc.integer({ min: 0, max: 6 }),
        fc.boolean(),
      )
      .map(([b, n, upper]) => `${b}${upper ? archiveSuffix(n).toUpperCase() : archiveSuffix(n)}`);
    fc.assert(
      fc.property(
        fc.option(base, { nil: null }),
        mail,
        fc.array(takenName, { maxLength: 20 }),
        (username, email, taken) => {
          const result = archiveNames(username, email, taken);
          const used = new Set(taken.map((t) => t.toLowerCase()));
          for (const name of [result.username, result.email]) {
            if (name !== null) expect(used.has(name.toLowerCase())).toBe(false);
          }
          expect(result.username).toBe(username === null ? null : `${username}${result.suffix}`);
          expect(result.email).toBe(email === null ? null : `${email}${result.suffix}`);
          const n = result.suffix === '_Archived' ? 1 : Number(result.suffix.slice('_Archived'.length));
          for (let k = 1; k < n; k += 1) {
            const blocked = [username, email].some(
              (b) => b !== null && used.has(`${b}${archiveSuffix(k)}`.toLowerCase()),
            );
            expect(blocked).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

// docs/rules.md maps every SPEC rule to the files that implement it and the tests that prove it. Files move; this
// test names every row whose paths, titles or rule ids no longer hold.
const root = path.resolve(__dirname, '../../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const RULES_DOC = 'docs/rules.md';

/**
 * The rule ids of SPEC: each `## S<n>.` section's numbered items (`<k>.` at the start of a line) are `S<n>.<k>`; a
 * section without numbered items is the bare `S<n>` (S0, S8, S9). S0's words are the `**Word**:` it defines.
 */
function specRules(spec: string): { ids: string[]; words: string[] } {
  const ids: string[] = [];
  const words: string[] = [];
  for (const section of spec.split(/^(?=## S\d+\. )/m)) {
    const n = /^## S(\d+)\. /.exec(section)?.[1];
    if (n === undefined) continue; // the preamble
    const items = [...section.matchAll(/^(\d+)\. /gm)].map((m) => `S${n}.${m[1]}`);
    ids.push(...(items.length > 0 ? items : [`S${n}`]));
    if (n === '0') words.push(...[...section.matchAll(/\*\*([^*]+)\*\*:/g)].map((m) => m[1] ?? ''));
  }
  return { ids, words };
}

interface Row {
  /** `docs/rules.md:<line> <first cell>`, for messages */
  where: string;
  id: string;
  /** what follows the id in the first cell: an S0 word, an S8 part, or nothing */
  label: string;
  status: string;
  statusText: string;
  implemented: string;
  proved: string;
  extendedBy: string;
}

/** Table rows whose first cell starts with a bold rule id: | **S4.2** label | **status** … | paths | tests | ids | */
function docRows(doc: string): { rows: Row[]; problems: string[] } {
  const rows: Row[] = [];
  const problems: string[] = [];
  doc.split('\n').forEach((line, index) => {
    if (!line.startsWith('| **S')) return;
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    const where = `${RULES_DOC}:${index + 1} ${cells[0] ?? ''}`;
    const [first = '', statusText = '', implemented = '', proved = '', extendedBy = ''] = cells;
    const head = /^\*\*(S\d+(?:\.\d+)?)\*\*\s*(.*)$/.exec(first);
    const status = /^\*\*(built|partial|missing)\*\*/.exec(statusText)?.[1];
    if (cells.length !== 5)
      problems.push(`${where}: ${cells.length} cells, expected 5 (a "|" inside a cell?)`);
    else if (!head) problems.push(`${where}: the first cell must start with a bold rule id`);
    else if (!status)
      problems.push(`${where}: the status must start with **built**, **partial** or **missing**`);
    else
      rows.push({
        where,
        id: head[1] ?? '',
        label: head[2] ?? '',
        status,
        statusText,
        implemented,
        proved,
        extendedBy,
      });
  });
  return { rows, problems };
}

const codeSpans = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
const REPO_PATH = /^(apps|packages|docs|scripts|infra|bench)\//;

/** The "Proved by" cell: each `test file` followed by the "titles" quoted from it. */
function provedBy(cell: string): { file: string; titles: string[] }[] {
  const files: { file: string; titles: string[] }[] = [];
  for (const m of cell.matchAll(/`([^`]+)`|"([^"]+)"/g)) {
    if (m[1] !== undefined) files.push({ file: m[1], titles: [] });
    else files.at(-1)?.titles.push(m[2] ?? '');
  }
  return files;
}

const spec = specRules(read('docs/spec/SPEC.md'));
const doc = docRows(read(RULES_DOC));
const { rows } = doc;

describe(RULES_DOC, () => {
  it('reads the rule ids of docs/spec/SPEC.md and every row of the doc', () => {
    // the parsers themselves: a SPEC or doc they no longer understand must not make every check vacuous
    expect(spec.ids).toEqual(expect.arrayContaining(['S0', 'S1.1', 'S2.4', 'S7.5', 'S8', 'S9']));
    expect(spec.ids).not.toContain('S1');
    expect(spec.words).toEqual(expect.arrayContaining(['Connection', 'Root user']));
    expect(doc.problems).toEqual([]);
    expect(rows.length).toBeGreaterThanOrEqual(spec.ids.length);
  });

  it('has a row for every rule id of docs/spec/SPEC.md and every word S0 defines, and none for other ids', () => {
    const ids = new Set(rows.map((row) => row.id));
    const s0 = new Set(rows.filter((row) => row.id === 'S0').map((row) => row.label));
    const seen = new Set<string>();
    const problems = [
      ...spec.ids.filter((id) => !ids.has(id)).map((id) => `${id}: no row`),
      ...spec.words.filter((word) => !s0.has(word)).map((word) => `S0 ${word}: no row`),
      ...rows.filter((row) => !spec.ids.includes(row.id)).map((row) => `${row.where}: not a rule id of SPEC`),
      ...rows
        .filter((row) => {
          const key = `${row.id} ${row.label}`;
          return seen.has(key) || !seen.add(key);
        })
        .map((row) => `${row.where}: a second row for it`),
    ];
    expect(problems).toEqual([]);
  });

  it('names only paths that exist (relative to the repository root)', () => {
    const missing: string[] = [];
    for (const row of rows) {
      // the file columns hold paths only; the status text may name a file too
      const named = [
        ...codeSpans(row.implemented),
        ...codeSpans(row.proved),
        ...codeSpans(row.statusText).filter((span) => REPO_PATH.test(span)),
      ];
      for (const file of named) if (!existsSync(path.join(root, file))) missing.push(`${row.where}: ${file}`);
    }
    expect(missing).toEqual([]);
  });

  it('names the files and tests of every built or partial row, and the issue behind every partial or missing one', () => {
    const problems: string[] = [];
    for (const row of rows) {
      if (row.status !== 'missing') {
        if (codeSpans(row.implemented).length === 0) problems.push(`${row.where}: no implementing file`);
        if (!provedBy(row.proved).some(({ file }) => file.endsWith('.test.ts')))
          problems.push(`${row.where}: no test file`);
      }
      if (row.status !== 'built' && !/\bissue \d+/i.test(row.statusText))
        problems.push(`${row.where}: ${row.status}, but names no issue that builds the rest`);
      for (const { file } of provedBy(row.proved))
        if (!file.endsWith('.test.ts'))
          problems.push(`${row.where}: ${file} under "Proved by" is not a test file`);
    }
    expect(problems).toEqual([]);
  });

  it('quotes only test titles that are in the file they follow', () => {
    const absent: string[] = [];
    for (const row of rows) {
      for (const { file, titles } of provedBy(row.proved)) {
        if (titles.length === 0 || !existsSync(path.join(root, file))) continue;
        const source = read(file);
        for (const title of titles) {
          // an it('…') title, or the name of an it.each case, as a string literal in any quotes
          if (!["'", '"', '`'].some((q) => source.includes(`${q}${title}${q}`)))
            absent.push(`${row.where}: "${title}" is not in ${file}`);
        }
      }
    }
    expect(absent).toEqual([]);
  });

  it('names only decisions that are in docs/decisions.md', () => {
    const decided = new Set(
      [...read('docs/decisions.md').matchAll(/^- \*\*([A-Z]\d+) —/gm)].map((m) => m[1]),
    );
    const unknown: string[] = [];
    for (const row of rows) {
      const ids = row.extendedBy.match(/\b[A-Z]\d+\b/g) ?? [];
      if (ids.length === 0 && row.extendedBy !== '—') unknown.push(`${row.where}: "${row.extendedBy}"`);
      for (const id of ids) if (!decided.has(id)) unknown.push(`${row.where}: ${id}`);
    }
    expect(decided.size).toBeGreaterThan(0);
    expect(unknown).toEqual([]);
  });
});

import { type Kysely, sql } from 'kysely';
import { EnvError } from '@entra-sync/config';
import type { Database } from '../tables/database';
import { ENCRYPTED_COLUMNS, type EncryptedColumn, secretContext } from './encrypted-columns';
import { type SecretBox, SecretDecryptionError } from './secret-box';

export interface ColumnRotation {
  table: string;
  column: string;
  /** re-encrypted under ENCRYPTION_KEY by this run */
  rotated: number;
  /** already current (not touched) */
  current: number;
  /** no configured key reads them: left as they are */
  unreadable: number;
}

const PAGE = 200;

interface BoxRow {
  key: string[];
  box: Buffer;
}

/**
 * `entra-sync keys rotate` (K3): re-encrypts every stored secret that is not under ENCRYPTION_KEY in the current
 * format, row by row, each write conditional on the box still being the one read. Idempotent and resumable: a
 * second run (or one after an interruption) finds only what is left; once every column reports 0 unreadable and
 * nothing more to rotate, the old keys can be removed.
 */
export async function rotateSecrets(
  db: Kysely<Database>,
  box: SecretBox,
  onColumn?: (progress: ColumnRotation) => void,
): Promise<ColumnRotation[]> {
  const report: ColumnRotation[] = [];
  for (const column of ENCRYPTED_COLUMNS) {
    const result: ColumnRotation = {
      table: column.table,
      column: column.column,
      rotated: 0,
      current: 0,
      unreadable: 0,
    };
    result.current = await countCurrent(db, column, box);
    for await (const row of staleBoxes(db, column, box)) {
      const context = secretContext(column, ...row.key);
      let plain: string;
      try {
        plain = box.decrypt(row.box, context);
      } catch (err) {
        if (!(err instanceof SecretDecryptionError)) throw err;
        result.unreadable += 1;
        continue;
      }
      const updated = await sql`
        update ${sql.table(column.table)} set ${sql.ref(column.column)} = ${box.encrypt(plain, context)}
        where ${keyMatches(column, row.key)} and ${sql.ref(column.column)} = ${row.box}`.execute(db);
      // a row rewritten meanwhile was written by the product under the current key: nothing left to do
      if ((updated.numAffectedRows ?? 0n) > 0n) result.rotated += 1;
      else result.current += 1;
    }
    onColumn?.(result);
    report.push(result);
  }
  return report;
}

/** Per column, how many stored secrets no configured key can read. */
export async function findUnreadableSecrets(
  db: Kysely<Database>,
  box: SecretBox,
): Promise<{ table: string; column: string; count: number }[]> {
  const found: { table: string; column: string; count: number }[] = [];
  for (const column of ENCRYPTED_COLUMNS) {
    let count = 0;
    for await (const row of staleBoxes(db, column, null)) {
      try {
        box.decrypt(row.box, secretContext(column, ...row.key));
      } catch (err) {
        if (!(err instanceof SecretDecryptionError)) throw err;
        count += 1;
      }
    }
    if (count > 0) found.push({ table: column.table, column: column.column, count });
  }
  return found;
}

/**
 * Start-up check of every process that reads secrets: a stored secret no configured key can read stops it
 * with a message naming the variables (an EnvError: one line, no stack, no secret).
 */
export async function assertSecretsReadable(db: Kysely<Database>, box: SecretBox): Promise<void> {
  let unreadable: Awaited<ReturnType<typeof findUnreadableSecrets>>;
  try {
    unreadable = await findUnreadableSecrets(db, box);
  } catch (err) {
    // before the first migration there is nothing stored yet
    if ((err as { code?: string }).code === '42P01') return;
    throw err;
  }
  if (unreadable.length === 0) return;
  const where = unreadable.map((u) => `${u.table}.${u.column} ×${u.count}`).join(', ');
  throw new EnvError([
    {
      variable: 'ENCRYPTION_KEY',
      message:
        `cannot decrypt stored secrets (${where}): neither ENCRYPTION_KEY nor any key in ENCRYPTION_KEYS_OLD reads them. ` +
        'Set the key they were written with as ENCRYPTION_KEY or add it to ENCRYPTION_KEYS_OLD',
    },
  ]);
}

async function countCurrent(db: Kysely<Database>, column: EncryptedColumn, box: SecretBox): Promise<number> {
  const header = box.currentHeader;
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from ${sql.table(column.table)}
    where substring(${sql.ref(column.column)} from 1 for ${header.length}) = ${header}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** Boxes of one column in key order, a page at a time; with `box`, only those not current under it. */
async function* staleBoxes(
  db: Kysely<Database>,
  column: EncryptedColumn,
  box: SecretBox | null,
): AsyncGenerator<BoxRow> {
  const keys = sql.join(column.rowKey.map((c) => sql`${sql.ref(c)}::text`));
  let after: string[] | null = null;
  for (;;) {
    const header = box?.currentHeader;
    const { rows } = await sql<Record<string, unknown>>`
      select ${sql.join(column.rowKey.map((c) => sql`${sql.ref(c)}::text as ${sql.ref(c)}`))},
             ${sql.ref(column.column)} as box
      from ${sql.table(column.table)}
      where ${sql.ref(column.column)} is not null
        ${header ? sql`and substring(${sql.ref(column.column)} from 1 for ${header.length}) <> ${header}` : sql``}
        ${after ? sql`and (${keys}) > (${sql.join(after)})` : sql``}
      order by ${keys}
      limit ${PAGE}`.execute(db);
    for (const row of rows) {
      yield { key: column.rowKey.map((c) => String(row[c])), box: row.box as Buffer };
    }
    if (rows.length < PAGE) return;
    const last = rows[rows.length - 1] as Record<string, unknown>;
    after = column.rowKey.map((c) => String(last[c]));
  }
}

function keyMatches(column: EncryptedColumn, key: readonly string[]) {
  return sql.join(
    column.rowKey.map((c, i) => sql`${sql.ref(c)} = ${key[i]}`),
    sql` and `,
  );
}

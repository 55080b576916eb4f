import type { CommandSpec } from '../command';
import { CliError, ExitCode, usageError } from '../exit-codes';
import { table } from '../output/table';
import { databaseUrl, describeDatabase, unreachableDatabase } from './database-access';

export const keysRotate: CommandSpec = {
  name: 'keys rotate',
  summary:
    'Re-encrypt every stored secret under ENCRYPTION_KEY (talks to DATABASE_URL directly, not to the API)',
  description:
    'Set the new key as ENCRYPTION_KEY and the old one(s) in ENCRYPTION_KEYS_OLD (comma-separated), here and in ' +
    'every running process, then run this. Safe to repeat or to resume after an interruption: it rewrites only ' +
    'what is not under ENCRYPTION_KEY yet. When it reports nothing left and nothing unreadable, remove ' +
    'ENCRYPTION_KEYS_OLD everywhere. Exit 1 when some secret could not be read by any of the keys (left as it is).',
  examples: [
    'ENCRYPTION_KEY=$(cat new.key) ENCRYPTION_KEYS_OLD=$(cat old.key) entra-sync keys rotate',
    'entra-sync keys rotate --json',
  ],
  async run({ io, out, json }) {
    const url = databaseUrl(io, 'keys rotate');
    const where = describeDatabase(url);
    const { createDb, createSecretBox, EncryptionKeyError, recordOperatorAction, rotateSecrets } =
      await import('@entra-sync/db');
    const current = io.env.ENCRYPTION_KEY?.trim();
    if (!current) throw usageError('keys rotate needs ENCRYPTION_KEY (the key to re-encrypt under)');
    const old = (io.env.ENCRYPTION_KEYS_OLD ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean);
    let box;
    try {
      box = createSecretBox(current, old);
    } catch (err) {
      if (err instanceof EncryptionKeyError) throw usageError(err.message);
      throw err;
    }
    const db = createDb(url, { max: 1, applicationName: 'entra-sync-cli' });
    try {
      const columns = await rotateSecrets(db, box);
      const sum = (pick: (c: (typeof columns)[number]) => number) => columns.reduce((n, c) => n + pick(c), 0);
      const unreadable = sum((c) => c.unreadable);
      const summary = { rotated: sum((c) => c.rotated), current: sum((c) => c.current), unreadable };
      // X3: an operator action that bypasses the API is audited like one through it (counts only, never keys)
      await recordOperatorAction(db, {
        actor: `cli:${io.env.USER ?? 'unknown'}`,
        action: 'keys.rotate',
        target: 'stored secrets',
        detail: summary,
        sourceAddress: 'local',
        status: unreadable === 0 ? 200 : 500,
      });
      if (json) out.json({ database: where, columns, ...summary, done: unreadable === 0 });
      else {
        out.line(
          table(
            ['secret', 'rotated', 'already current', 'unreadable'],
            columns.map((c) => [
              `${c.table}.${c.column}`,
              String(c.rotated),
              String(c.current),
              String(c.unreadable),
            ]),
          ),
        );
        out.line(
          unreadable === 0
            ? `Every stored secret in ${where} is under ENCRYPTION_KEY (${summary.rotated} re-encrypted now): ENCRYPTION_KEYS_OLD can be removed.`
            : `${unreadable} stored secret(s) in ${where} could not be read with ENCRYPTION_KEY or ENCRYPTION_KEYS_OLD and were left as they are.`,
        );
      }
      if (unreadable > 0 && json) io.stderr.write(`entra-sync: ${unreadable} stored secret(s) unreadable\n`);
      return unreadable === 0 ? ExitCode.ok : ExitCode.failure;
    } catch (err) {
      if (err instanceof CliError) throw err;
      throw unreachableDatabase(err, where) ?? err;
    } finally {
      await db.destroy();
    }
  },
};

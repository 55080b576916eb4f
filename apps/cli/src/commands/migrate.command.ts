import type { CommandSpec } from '../command';
import { CliError, ExitCode } from '../exit-codes';
import { databaseUrl, describeDatabase, unreachableDatabase } from './database-access';

export const migrate: CommandSpec = {
  name: 'migrate',
  summary: 'Apply pending database migrations (talks to DATABASE_URL directly, not to the API)',
  description:
    'Safe to run from several places at once: migrations run under an advisory lock. ' +
    'Exit 3 when the database cannot be reached, 1 when a migration fails (it is rolled back).',
  examples: [
    'DATABASE_URL=postgres://entra:…@db:5432/entra_sync entra-sync migrate',
    'entra-sync migrate --json',
  ],
  async run({ io, out, json }) {
    const url = databaseUrl(io, 'migrate');
    const where = describeDatabase(url);
    // loaded here so the API commands start without pg and kysely
    const { createDb, migrateToLatest, MigrationError } = await import('@entra-sync/db');
    const db = createDb(url, { max: 1, applicationName: 'entra-sync-cli' });
    try {
      const results = await migrateToLatest(db);
      const applied = results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
      if (json) out.json({ database: where, applied });
      else if (applied.length === 0) out.line(`Database ${where} is up to date.`);
      else
        out.line(
          applied
            .map((name) => `applied ${name}`)
            .concat(`Database ${where} is up to date.`)
            .join('\n'),
        );
      return ExitCode.ok;
    } catch (err) {
      if (err instanceof MigrationError)
        throw new CliError(ExitCode.failure, `${err.message} (database ${where})`);
      throw unreachableDatabase(err, where) ?? err;
    } finally {
      await db.destroy();
    }
  },
};

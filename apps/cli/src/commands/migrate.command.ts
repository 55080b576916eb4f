import type { CommandSpec } from '../command';
import { CliError, ExitCode, usageError } from '../exit-codes';

const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ECONNRESET',
  '3D000',
  '28P01',
  '28000',
]);

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
    const url = io.env.DATABASE_URL?.trim();
    if (!url) throw usageError('migrate needs DATABASE_URL (a postgres:// connection string)');
    if (!/^postgres(ql)?:\/\//.test(url) || !URL.canParse(url))
      throw usageError('DATABASE_URL must be a postgres:// connection string');
    const where = describe(url);
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
      const code = (err as { code?: string }).code;
      if (code && CONNECTION_ERRORS.has(code))
        throw new CliError(
          ExitCode.unreachable,
          `cannot reach the database ${where}: ${code} ${(err as Error).message}`,
        );
      throw err;
    } finally {
      await db.destroy();
    }
  },
};

/** host:port/database, never the password */
function describe(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
}

import type { Io } from '../io';
import { CliError, ExitCode, usageError } from '../exit-codes';

// The commands that talk to Postgres directly rather than to the API (migrate, keys rotate).

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

/** DATABASE_URL, checked; `command` names who needs it in the usage error. */
export function databaseUrl(io: Io, command: string): string {
  const url = io.env.DATABASE_URL?.trim();
  if (!url) throw usageError(`${command} needs DATABASE_URL (a postgres:// connection string)`);
  if (!/^postgres(ql)?:\/\//.test(url) || !URL.canParse(url))
    throw usageError('DATABASE_URL must be a postgres:// connection string');
  return url;
}

/** host:port/database, never the password */
export function describeDatabase(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
}

/** A refused or failed connection as exit 3 naming the database; anything else is left to the caller. */
export function unreachableDatabase(err: unknown, where: string): CliError | null {
  const code = (err as { code?: string }).code;
  if (!code || !CONNECTION_ERRORS.has(code)) return null;
  return new CliError(
    ExitCode.unreachable,
    `cannot reach the database ${where}: ${code} ${(err as Error).message}`,
  );
}

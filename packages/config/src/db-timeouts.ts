import { envFields } from './env-fields';

/** The Postgres timeouts every process reads (CONTRACT: `DB_STATEMENT_TIMEOUT_MS`, `DB_LOCK_TIMEOUT_MS`). */
export const dbTimeoutFields = {
  DB_STATEMENT_TIMEOUT_MS: envFields.DB_STATEMENT_TIMEOUT_MS,
  DB_LOCK_TIMEOUT_MS: envFields.DB_LOCK_TIMEOUT_MS,
} as const;

export interface DbTimeouts {
  statementMs: number;
  lockMs: number;
}

/** What an app hands to `createDb` from its parsed environment. */
export const dbTimeouts = (env: {
  DB_STATEMENT_TIMEOUT_MS: number;
  DB_LOCK_TIMEOUT_MS: number;
}): DbTimeouts => ({
  statementMs: env.DB_STATEMENT_TIMEOUT_MS,
  lockMs: env.DB_LOCK_TIMEOUT_MS,
});

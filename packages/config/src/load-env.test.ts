import { z } from 'zod';
import { dbTimeoutFields, dbTimeouts, EnvError, envFields, loadEnv } from './index';

const schema = z.object({
  DATABASE_URL: envFields.DATABASE_URL,
  REDIS_URL: envFields.REDIS_URL,
  PORT: envFields.PORT,
  ENCRYPTION_KEY: envFields.ENCRYPTION_KEY,
  GRAPH_CLOUD: envFields.GRAPH_CLOUD,
  GRAPH_ENDPOINT: envFields.GRAPH_ENDPOINT.optional(),
  DELTA_INTERVAL_SECONDS: envFields.DELTA_INTERVAL_SECONDS,
  RECONNECT_SECONDS: envFields.RECONNECT_SECONDS,
  SYNC_MAX_DEACTIVATION_SHARE: envFields.SYNC_MAX_DEACTIVATION_SHARE,
  SYNC_DEACTIVATION_WINDOW_SECONDS: envFields.SYNC_DEACTIVATION_WINDOW_SECONDS,
});
const key = Buffer.alloc(32, 7).toString('base64');
const base = { DATABASE_URL: 'postgres://u@h/db', ENCRYPTION_KEY: key };

function problemOf(env: Record<string, string | undefined>): string {
  try {
    loadEnv(schema, env);
  } catch (err) {
    expect(err).toBeInstanceOf(EnvError);
    return (err as Error).message;
  }
  throw new Error('expected an EnvError');
}

describe('loadEnv', () => {
  it('applies the defaults of CONTRACT.md', () => {
    const env = loadEnv(schema, base);
    expect(env).toMatchObject({
      REDIS_URL: 'redis://127.0.0.1:6379',
      PORT: 3000,
      GRAPH_CLOUD: 'global',
      DELTA_INTERVAL_SECONDS: 60,
      RECONNECT_SECONDS: 120,
      SYNC_MAX_DEACTIVATION_SHARE: 0.2,
      SYNC_DEACTIVATION_WINDOW_SECONDS: 3600,
    });
  });

  it('S8 the removal share is between 0 and 1 and its window a whole number of seconds', () => {
    expect(problemOf({ ...base, SYNC_MAX_DEACTIVATION_SHARE: '1.5' })).toContain(
      'SYNC_MAX_DEACTIVATION_SHARE must be a number between 0 and 1',
    );
    expect(problemOf({ ...base, SYNC_DEACTIVATION_WINDOW_SECONDS: '0' })).toContain(
      'SYNC_DEACTIVATION_WINDOW_SECONDS must be positive',
    );
    expect(
      loadEnv(schema, { ...base, SYNC_DEACTIVATION_WINDOW_SECONDS: '600' }).SYNC_DEACTIVATION_WINDOW_SECONDS,
    ).toBe(600);
  });

  it('names a missing required variable', () => {
    expect(problemOf({ ENCRYPTION_KEY: key })).toBe('Invalid environment: DATABASE_URL is required');
  });

  it('names each bad variable with what it must be', () => {
    const message = problemOf({ ...base, PORT: 'eighty', GRAPH_CLOUD: 'mars', ENCRYPTION_KEY: 'c2hvcnQ=' });
    expect(message).toContain('PORT must be a port number');
    expect(message).toContain('GRAPH_CLOUD must be one of global, usgov, dod, china');
    expect(message).toContain('ENCRYPTION_KEY must be base64 of 32 bytes');
  });

  it('never echoes the value of a bad secret', () => {
    const secret = 'not-base64-but-secret!!';
    expect(problemOf({ ...base, ENCRYPTION_KEY: secret })).not.toContain(secret);
  });

  it('S7.5 accepts only https endpoint overrides and trims the trailing slash', () => {
    expect(loadEnv(schema, { ...base, GRAPH_ENDPOINT: 'https://127.0.0.1:8443/' }).GRAPH_ENDPOINT).toBe(
      'https://127.0.0.1:8443',
    );
    expect(problemOf({ ...base, GRAPH_ENDPOINT: 'http://graph.local' })).toContain(
      'GRAPH_ENDPOINT must be an https URL',
    );
  });

  it('treats an empty variable as unset', () => {
    expect(loadEnv(schema, { ...base, PORT: '' }).PORT).toBe(3000);
  });

  it('rejects zero or fractional periods', () => {
    expect(problemOf({ ...base, RECONNECT_SECONDS: '0' })).toContain('RECONNECT_SECONDS must be positive');
    expect(problemOf({ ...base, DELTA_INTERVAL_SECONDS: '1.5' })).toContain(
      'DELTA_INTERVAL_SECONDS must be a whole',
    );
  });

  it('Postgres timeouts default to 30000 and 10000 ms and reach createDb as statement and lock bounds', () => {
    const timeouts = z.object(dbTimeoutFields);
    expect(dbTimeouts(loadEnv(timeouts, {}))).toEqual({ statementMs: 30_000, lockMs: 10_000 });
    expect(
      dbTimeouts(loadEnv(timeouts, { DB_STATEMENT_TIMEOUT_MS: '5000', DB_LOCK_TIMEOUT_MS: '2500' })),
    ).toEqual({ statementMs: 5000, lockMs: 2500 });
  });

  it('names a Postgres timeout that is not a whole number of milliseconds, or zero (no bound)', () => {
    const timeouts = z.object(dbTimeoutFields);
    const problem = (env: Record<string, string>) => {
      try {
        loadEnv(timeouts, env);
      } catch (err) {
        return (err as Error).message;
      }
      throw new Error('expected an EnvError');
    };
    expect(problem({ DB_STATEMENT_TIMEOUT_MS: '0' })).toContain(
      'DB_STATEMENT_TIMEOUT_MS must be at least 100 ms',
    );
    expect(problem({ DB_LOCK_TIMEOUT_MS: '2.5' })).toContain('DB_LOCK_TIMEOUT_MS must be a whole number');
    expect(problem({ DB_LOCK_TIMEOUT_MS: 'soon' })).toContain('DB_LOCK_TIMEOUT_MS must be a number');
  });
});

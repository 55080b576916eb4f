import { EnvError } from '@entra-sync/config';
import { loadAdminEnv } from './env';

const key = Buffer.alloc(32, 5).toString('base64');
const token = 'a-long-enough-admin-token';
const base = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/entra',
  ENCRYPTION_KEY: key,
  ADMIN_TOKEN: token,
};

function messageOf(env: Record<string, string>): string {
  try {
    loadAdminEnv(env);
  } catch (err) {
    expect(err).toBeInstanceOf(EnvError);
    return (err as Error).message;
  }
  throw new Error('expected an EnvError');
}

describe('admin env', () => {
  it('applies the CONTRACT.md defaults', () => {
    expect(loadAdminEnv(base)).toEqual({
      ...base,
      REDIS_URL: 'redis://127.0.0.1:6379',
      DB_STATEMENT_TIMEOUT_MS: 30_000,
      DB_LOCK_TIMEOUT_MS: 10_000,
      PORT: 3000,
      HOST: '0.0.0.0',
      GRAPH_CLOUD: 'global',
      LOG_LEVEL: 'info',
      QUEUE_PREFIX: 'entra-sync',
    });
  });

  it('requires ADMIN_TOKEN when the admin API starts alone', () => {
    expect(messageOf({ DATABASE_URL: base.DATABASE_URL, ENCRYPTION_KEY: key })).toBe(
      'Invalid environment: ADMIN_TOKEN is required',
    );
  });

  it('S7.5 names every bad variable and never echoes a secret', () => {
    const message = messageOf({
      ...base,
      ADMIN_TOKEN: 'short',
      ENCRYPTION_KEY: 'my-secret-key',
      GRAPH_ENDPOINT: 'http://graph.local',
      GRAPH_CLOUD: 'mars',
      PORT: 'eighty',
    });
    expect(message).toContain('ADMIN_TOKEN must be at least 16 characters');
    expect(message).toContain('ENCRYPTION_KEY must be base64 of 32 bytes');
    expect(message).toContain('GRAPH_ENDPOINT must be an https URL');
    expect(message).toContain('GRAPH_CLOUD must be one of global, usgov, dod, china');
    expect(message).toContain('PORT must be a port number');
    expect(message).not.toContain('my-secret-key');
    expect(message).not.toContain('short');
  });
});

import { EnvError } from '@entra-sync/config';
import { loadAdminEnv } from './env';

const key = Buffer.alloc(32, 5).toString('base64');
const token = 'a-long-enough-admin-token';
const base = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/entra',
  ENCRYPTION_KEY: key,
  ADMIN_TOKEN: token,
};

function messageOf(env: Record<string, string | undefined>): string {
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
      ENCRYPTION_KEYS_OLD: [],
    });
  });

  it('K5 the ADMIN_SIGNIN_* variables come together: one missing is named', () => {
    const signIn = {
      ADMIN_SIGNIN_TENANT_ID: '72F988BF-86F1-41AF-91AB-2D7CD011DB47',
      ADMIN_SIGNIN_CLIENT_ID: '11111111-2222-3333-4444-555555555555',
      ADMIN_SIGNIN_CLIENT_SECRET: 'sign-in-secret-value',
      ADMIN_SIGNIN_GROUP_ID: '66666666-7777-8888-9999-000000000000',
    };
    expect(loadAdminEnv({ ...base, ...signIn }).ADMIN_SIGNIN_TENANT_ID).toBe(
      '72f988bf-86f1-41af-91ab-2d7cd011db47',
    );
    const message = messageOf({ ...base, ...signIn, ADMIN_SIGNIN_GROUP_ID: undefined });
    expect(message).toBe(
      'Invalid environment: ADMIN_SIGNIN_GROUP_ID is required when ADMIN_SIGNIN_TENANT_ID is set (Entra sign-in)',
    );
    expect(messageOf({ ...base, ...signIn, ADMIN_SIGNIN_TENANT_ID: 'contoso.onmicrosoft.com' })).toBe(
      'Invalid environment: ADMIN_SIGNIN_TENANT_ID must be a GUID',
    );
    expect(message).not.toContain('sign-in-secret-value');
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

import { EnvError } from '@entra-sync/config';
import { loadLauncherEnv } from './launcher-env';

const key = Buffer.alloc(32, 9).toString('base64');
const token = 'a-long-enough-admin-token';

function problemOf(env: Record<string, string>): string {
  try {
    loadLauncherEnv(env);
  } catch (err) {
    expect(err).toBeInstanceOf(EnvError);
    return (err as Error).message;
  }
  throw new Error('expected an EnvError');
}

describe('npm start environment', () => {
  it('demo mode (the default) needs nothing: Postgres, token and key come from the launcher', () => {
    const env = loadLauncherEnv({});
    expect(env).toMatchObject({
      ENTRA_SYNC_DEMO: true,
      PORT: 3000,
      HOST: '127.0.0.1',
      REDIS_URL: 'redis://127.0.0.1:6379',
      GRAPH_CLOUD: 'global',
      DELTA_INTERVAL_SECONDS: 60,
      RECONNECT_SECONDS: 120,
      ENTRA_SYNC_DATA_DIR: '.data',
      ENTRA_SYNC_DEMO_USERS: 300,
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.ADMIN_TOKEN).toBeUndefined();
    expect(env.ENCRYPTION_KEY).toBeUndefined();
  });

  it('ENTRA_SYNC_DEMO=0 requires ADMIN_TOKEN and ENCRYPTION_KEY, naming both', () => {
    const message = problemOf({ ENTRA_SYNC_DEMO: '0' });
    expect(message).toContain('ADMIN_TOKEN is required when ENTRA_SYNC_DEMO=0');
    expect(message).toContain('ENCRYPTION_KEY is required when ENTRA_SYNC_DEMO=0');
    expect(problemOf({ ENTRA_SYNC_DEMO: '0', ADMIN_TOKEN: token })).not.toContain('ADMIN_TOKEN');
  });

  it('ENTRA_SYNC_DEMO=0 with its secrets runs the real product against the configured Graph', () => {
    const env = loadLauncherEnv({
      ENTRA_SYNC_DEMO: '0',
      ADMIN_TOKEN: token,
      ENCRYPTION_KEY: key,
      GRAPH_CLOUD: 'usgov',
      GRAPH_ENDPOINT: 'https://127.0.0.1:8443/',
      LOGIN_ENDPOINT: 'https://127.0.0.1:8443',
    });
    expect(env).toMatchObject({
      ENTRA_SYNC_DEMO: false,
      GRAPH_CLOUD: 'usgov',
      GRAPH_ENDPOINT: 'https://127.0.0.1:8443',
      LOGIN_ENDPOINT: 'https://127.0.0.1:8443',
    });
  });

  it('names each bad variable and never echoes a secret', () => {
    const secret = 'short';
    const message = problemOf({
      PORT: 'eighty',
      ENTRA_SYNC_DEMO: 'yes',
      REDIS_URL: 'localhost:6379',
      DATABASE_URL: 'mysql://db',
      ADMIN_TOKEN: secret,
    });
    expect(message).toContain('PORT must be a port number');
    expect(message).toContain('ENTRA_SYNC_DEMO must be 0 or 1');
    expect(message).toContain('REDIS_URL must be a redis:// or rediss:// URL');
    expect(message).toContain('DATABASE_URL must be a postgres:// connection string');
    expect(message).toContain('ADMIN_TOKEN must be at least 16 characters');
    expect(message).not.toContain(`${secret} `);
    expect(problemOf({ ENCRYPTION_KEY: 'not-a-key' })).toContain('ENCRYPTION_KEY must be base64 of 32 bytes');
    expect(problemOf({ ENTRA_SYNC_DEMO_USERS: '5' })).toContain('ENTRA_SYNC_DEMO_USERS must be at least 30');
  });
});

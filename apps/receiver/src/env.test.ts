import { EnvError } from '@entra-sync/config';
import { loadReceiverEnv } from './env';

const key = Buffer.alloc(32, 9).toString('base64');
const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/entra', ENCRYPTION_KEY: key };

function messageOf(env: Record<string, string>): string {
  try {
    loadReceiverEnv(env);
  } catch (err) {
    expect(err).toBeInstanceOf(EnvError);
    return (err as Error).message;
  }
  throw new Error('expected an EnvError');
}

describe('receiver env', () => {
  it('applies the CONTRACT.md defaults', () => {
    expect(loadReceiverEnv(base)).toEqual({
      ...base,
      REDIS_URL: 'redis://127.0.0.1:6379',
      DB_STATEMENT_TIMEOUT_MS: 30_000,
      DB_LOCK_TIMEOUT_MS: 10_000,
      PORT: 3000,
      HOST: '0.0.0.0',
      LOG_LEVEL: 'info',
      QUEUE_PREFIX: 'entra-sync',
      RECEIVER_RATE_LIMIT: 20_000,
      RECEIVER_RATE_WINDOW_SECONDS: 10,
      ENCRYPTION_KEYS_OLD: [],
    });
  });

  it('R7 takes the rate limit per source address and the proxies to believe', () => {
    const env = loadReceiverEnv({
      ...base,
      RECEIVER_RATE_LIMIT: '0',
      RECEIVER_RATE_WINDOW_SECONDS: '60',
      RECEIVER_TRUST_PROXY: '10.0.0.0/8, 2001:db8::1',
    });
    expect(env).toMatchObject({
      RECEIVER_RATE_LIMIT: 0,
      RECEIVER_RATE_WINDOW_SECONDS: 60,
      RECEIVER_TRUST_PROXY: ['10.0.0.0/8', '2001:db8::1'],
    });
    const message = messageOf({
      ...base,
      RECEIVER_RATE_LIMIT: '-1',
      RECEIVER_RATE_WINDOW_SECONDS: '0',
      RECEIVER_TRUST_PROXY: 'true',
    });
    expect(message).toContain('RECEIVER_RATE_LIMIT must be a whole number ≥ 0');
    expect(message).toContain('RECEIVER_RATE_WINDOW_SECONDS must be a whole number of seconds ≥ 1');
    expect(message).toContain('RECEIVER_TRUST_PROXY must be comma-separated IP addresses or CIDRs');
  });

  it('takes the queue prefix the workers use', () => {
    expect(loadReceiverEnv({ ...base, QUEUE_PREFIX: 'msp-a' }).QUEUE_PREFIX).toBe('msp-a');
  });

  it('requires DATABASE_URL (the receiver has no embedded database)', () => {
    expect(messageOf({ ENCRYPTION_KEY: key })).toBe('Invalid environment: DATABASE_URL is required');
  });

  it('names every bad variable and never echoes a secret', () => {
    const message = messageOf({
      ...base,
      REDIS_URL: 'http://cache:6379',
      PORT: '70000',
      ENCRYPTION_KEY: 'my-secret-key',
      LOG_LEVEL: 'loud',
    });
    expect(message).toContain('REDIS_URL must be a redis:// or rediss:// URL');
    expect(message).toContain('PORT must be 0–65535');
    expect(message).toContain('ENCRYPTION_KEY must be base64 of 32 bytes');
    expect(message).toContain('LOG_LEVEL must be one of');
    expect(message).not.toContain('my-secret-key');
  });
});

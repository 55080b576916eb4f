import { EnvError } from '@entra-sync/config';
import { loadWorkerEnv } from './env';

const key = Buffer.alloc(32, 9).toString('base64');
const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/entra', ENCRYPTION_KEY: key };

function messageOf(env: Record<string, string>): string {
  try {
    loadWorkerEnv(env);
  } catch (err) {
    expect(err).toBeInstanceOf(EnvError);
    return (err as Error).message;
  }
  throw new Error('expected an EnvError');
}

describe('worker env: DEAD_LETTER_MAX (F13)', () => {
  it('keeps 10,000 dead letters per queue unless told otherwise', () => {
    expect(loadWorkerEnv(base).DEAD_LETTER_MAX).toBe(10_000);
    expect(loadWorkerEnv({ ...base, DEAD_LETTER_MAX: '250' }).DEAD_LETTER_MAX).toBe(250);
  });

  it.each([
    ['0', 'must be at least 1'],
    ['1.5', 'must be a whole number of dead letters'],
    ['many', 'must be a whole number of dead letters'],
  ])('refuses %s, naming the variable', (value, message) => {
    expect(messageOf({ ...base, DEAD_LETTER_MAX: value })).toBe(
      `Invalid environment: DEAD_LETTER_MAX ${message}`,
    );
  });
});

describe('worker env: the S8 removal window (M2)', () => {
  it('S8 weighs removals over an hour at a 20 % share unless told otherwise', () => {
    expect(loadWorkerEnv(base)).toMatchObject({
      SYNC_MAX_DEACTIVATION_SHARE: 0.2,
      SYNC_DEACTIVATION_WINDOW_SECONDS: 3600,
    });
    expect(
      loadWorkerEnv({ ...base, SYNC_DEACTIVATION_WINDOW_SECONDS: '900' }).SYNC_DEACTIVATION_WINDOW_SECONDS,
    ).toBe(900);
  });

  it('S8 refuses a window that is not a positive whole number of seconds, naming the variable', () => {
    expect(messageOf({ ...base, SYNC_DEACTIVATION_WINDOW_SECONDS: '-5' })).toBe(
      'Invalid environment: SYNC_DEACTIVATION_WINDOW_SECONDS must be positive',
    );
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { createConnection, createSecretBox } from '@entra-sync/db';
import { createTestDatabase, type TestDatabase } from '@entra-sync/db/testing';
import { PrivateRedis } from '@entra-sync/test-infra';

const root = path.resolve(__dirname, '../../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const main = path.join(root, 'apps/admin/src/main.ts');

interface Run {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
}

function start(env: Record<string, string>): Run {
  const child = spawn(tsx, [main], { cwd: root, env: { PATH: process.env.PATH ?? '', ...env } });
  const lines: string[] = [];
  const collect = (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, lines, exited };
}

async function waitForLine(run: Run, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = run.lines.find((l) => pattern.test(l));
    if (line) return line;
    if (Date.now() > deadline) throw new Error(`no line matching ${pattern}; got:\n${run.lines.join('\n')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('apps/admin/src/main.ts starts alone', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it('serves the API on its port and stops in order on SIGTERM (exit 0)', async () => {
    const token = randomBytes(24).toString('base64url');
    const run = start({
      DATABASE_URL: database.url,
      ADMIN_TOKEN: token,
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      PORT: '0',
      HOST: '127.0.0.1',
      QUEUE_PREFIX: `t-${randomUUID().slice(0, 8)}`,
      LOG_LEVEL: 'info',
    });
    try {
      const line = await waitForLine(run, /admin API listening/);
      const { port } = JSON.parse(line) as { port: number };
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect([ready.status, await ready.json()]).toEqual([
        200,
        { status: 'ready', checks: { redis: 'up', postgres: 'up' } },
      ]);
      const denied = await fetch(`http://127.0.0.1:${port}/api/queues`);
      expect(denied.status).toBe(401);
      const queues = await fetch(`http://127.0.0.1:${port}/api/queues`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(queues.status).toBe(200);
      expect(((await queues.json()) as { items: unknown[] }).items).toHaveLength(6);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      expect(run.lines.some((l) => l.includes('"msg":"stopped"'))).toBe(true);
      expect(run.lines.join('\n')).not.toContain(token);
    } finally {
      run.child.kill('SIGKILL');
    }
  }, 40_000);

  it('refuses to start with a bad variable, naming it', async () => {
    const run = start({ DATABASE_URL: database.url, ENCRYPTION_KEY: 'nope', ADMIN_TOKEN: 'x'.repeat(20) });
    expect(await run.exited).toBe(1);
    expect(run.lines.join('\n')).toContain('ENCRYPTION_KEY must be base64 of 32 bytes');
  }, 40_000);

  it('F10 refuses to start on a Redis that may evict keys: one fatal line naming the policy and the fix', async () => {
    const redis = await PrivateRedis.start({ maxmemoryPolicy: 'allkeys-lru' });
    try {
      const run = start({
        DATABASE_URL: database.url,
        REDIS_URL: redis.url,
        ADMIN_TOKEN: 'x'.repeat(20),
        ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        PORT: '0',
      });
      expect(await run.exited).toBe(1);
      const fatal = run.lines.filter((l) => l.includes('"level":60'));
      expect(fatal).toHaveLength(1);
      expect(JSON.parse(fatal[0]!).msg).toMatch(
        /^refusing to start: Redis maxmemory-policy is allkeys-lru, but entra-sync needs noeviction.*CONFIG SET maxmemory-policy noeviction/,
      );
      expect(run.lines.some((l) => l.includes('admin API listening'))).toBe(false);
    } finally {
      await redis.destroy();
    }
  }, 40_000);
  it('K4 refuses to start when a stored secret is under a key it was not given, naming ENCRYPTION_KEY and ENCRYPTION_KEYS_OLD', async () => {
    const written = randomBytes(32);
    await createConnection(database.db, createSecretBox(written), {
      name: 'Written elsewhere',
      tenant: 'elsewhere.onmicrosoft.com',
      clientId: '11111111-2222-3333-4444-555555555555',
      clientSecret: 'k4-secret-never-shown',
    });
    const run = start({
      DATABASE_URL: database.url,
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      ADMIN_TOKEN: 'x'.repeat(20),
      PORT: '0',
      HOST: '127.0.0.1',
    });
    expect(await run.exited).toBe(1);
    const output = run.lines.join('\n');
    expect(output).toContain(
      'admin: Invalid environment: ENCRYPTION_KEY cannot decrypt stored secrets (connections.client_secret ×1)',
    );
    expect(output).toContain('add it to ENCRYPTION_KEYS_OLD');
    expect(output).not.toMatch(/\n\s+at /);
    expect(output).not.toContain('k4-secret-never-shown');

    const rotating = start({
      DATABASE_URL: database.url,
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      ENCRYPTION_KEYS_OLD: written.toString('base64'),
      ADMIN_TOKEN: 'x'.repeat(20),
      PORT: '0',
      HOST: '127.0.0.1',
      QUEUE_PREFIX: `t-${randomUUID().slice(0, 8)}`,
    });
    try {
      await waitForLine(rotating, /admin API listening/);
      rotating.child.kill('SIGTERM');
      expect(await rotating.exited).toBe(0);
    } finally {
      rotating.child.kill('SIGKILL');
    }
  }, 60_000);
});

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createConnection, createSecretBox, saveSubscription } from '@entra-sync/db';
import { createTestDatabase, type TestDatabase } from '@entra-sync/db/testing';
import { PrivateRedis } from '@entra-sync/test-infra';
import { REDIS_URL } from './support/receiver-harness';
import { TS_NODE_FLAGS } from '@entra-sync/config';

// The receiver starts alone (one process per role) and shuts down in order on SIGTERM (STYLE habit 14).

const MAIN = path.join(__dirname, '../src/main.ts');

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, [...TS_NODE_FLAGS, MAIN], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  child.stderr.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (pattern: RegExp): Promise<RegExpExecArray> => {
    for (;;) {
      const match = pattern.exec(output);
      if (match) return match;
      if (child.exitCode !== null) throw new Error(`receiver exited early:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { child, exited, waitFor, output: () => output };
}

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.destroy());

describe('apps/receiver/src/main.ts', () => {
  it('listens, reports where, is ready, and stops cleanly on SIGTERM', async () => {
    const receiver = start({
      DATABASE_URL: database.url,
      REDIS_URL,
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      PORT: '0',
      HOST: '127.0.0.1',
    });
    try {
      const [, port] = await receiver.waitFor(/receiver listening on http:\/\/127\.0\.0\.1:(\d+)/);
      // ready once its Redis connection is up (a probe polls; the first answer may be 503)
      let ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      for (let i = 0; i < 50 && ready.status !== 200; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      }
      expect(ready.status).toBe(200);
      receiver.child.kill('SIGTERM');
      expect(await receiver.exited).toBe(0);
      expect(receiver.output()).toMatch(/"signal":"SIGTERM".*shutting down[\s\S]*"msg":"stopped"/);
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    } finally {
      receiver.child.kill('SIGKILL');
    }
  });

  it('refuses to start with a bad environment and names the variable', async () => {
    const receiver = start({ DATABASE_URL: database.url, ENCRYPTION_KEY: 'too-short', PORT: '0' });
    expect(await receiver.exited).toBe(1);
    expect(receiver.output()).toContain('ENCRYPTION_KEY must be base64 of 32 bytes');
    expect(receiver.output()).not.toContain('too-short');
  });

  it('F10 refuses to start on a Redis that may evict keys, naming the policy and the fix', async () => {
    const redis = await PrivateRedis.start({ maxmemoryPolicy: 'volatile-ttl' });
    try {
      const receiver = start({
        DATABASE_URL: database.url,
        REDIS_URL: redis.url,
        ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        PORT: '0',
        HOST: '127.0.0.1',
      });
      expect(await receiver.exited).toBe(1);
      const fatal = receiver
        .output()
        .split('\n')
        .filter((l) => l.includes('"level":60'));
      expect(fatal).toHaveLength(1);
      expect(JSON.parse(fatal[0]!).msg).toMatch(
        /^refusing to start: Redis maxmemory-policy is volatile-ttl, but entra-sync needs noeviction/,
      );
      expect(receiver.output()).not.toContain('receiver listening');
    } finally {
      await redis.destroy();
    }
  });

  it('K4 refuses to start when a clientState is under a key it was not given, naming ENCRYPTION_KEY and ENCRYPTION_KEYS_OLD', async () => {
    const written = createSecretBox(randomBytes(32));
    const connection = await createConnection(database.db, written, {
      name: 'K4 receiver',
      tenant: 'k4-receiver.onmicrosoft.com',
      clientId: '11111111-2222-3333-4444-555555555555',
      clientSecret: 'k4-client-secret',
    });
    await saveSubscription(database.db, written, {
      connectionId: connection.id,
      resource: 'users',
      subscriptionId: 'k4-subscription',
      clientState: 'k4-client-state-never-shown',
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    const receiver = start({
      DATABASE_URL: database.url,
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      REDIS_URL,
      PORT: '0',
    });
    expect(await receiver.exited).toBe(1);
    expect(receiver.output()).toContain(
      'receiver: Invalid environment: ENCRYPTION_KEY cannot decrypt stored secrets (connections.client_secret ×1, graph_subscriptions.client_state ×1)',
    );
    expect(receiver.output()).not.toContain('k4-client-state-never-shown');
  });
});

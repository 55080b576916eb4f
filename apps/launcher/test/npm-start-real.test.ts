import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@entra-sync/db/testing';
import { commandOf, descendants, expectGone, dropQueuePrefix, getJson, NpmStart } from './support/npm-start';

// `ENTRA_SYNC_DEMO=0 npm start`: the product for real tenants, against DATABASE_URL, with no emulator and no
// demo data; and what happens when one of its processes dies.

const REDIS_URL = 'redis://127.0.0.1:6379';
const prefix = `launcher-e2e-${randomBytes(3).toString('hex')}`;
const dataDir = mkdtempSync(path.join(tmpdir(), 'launcher-real-'));
const runs: NpmStart[] = [];
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  for (const run of runs) run.killTree();
  await dropQueuePrefix(REDIS_URL, prefix);
  await database?.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

const start = (env: Record<string, string>) => {
  const run = new NpmStart({
    ENTRA_SYNC_DATA_DIR: dataDir,
    PORT: '0',
    QUEUE_PREFIX: prefix,
    REDIS_URL,
    ENTRA_SYNC_DEMO: '0',
    ...env,
  });
  runs.push(run);
  return run;
};

it('ENTRA_SYNC_DEMO=0 refuses to start without ADMIN_TOKEN and ENCRYPTION_KEY, naming them', async () => {
  const run = start({ ADMIN_TOKEN: '', ENCRYPTION_KEY: '', DATABASE_URL: database.url });
  expect(await run.exit(60_000)).toEqual({ code: 1, signal: null });
  expect(run.tail()).toMatch(/ADMIN_TOKEN is required when ENTRA_SYNC_DEMO=0/);
  expect(run.tail()).toMatch(/ENCRYPTION_KEY is required when ENTRA_SYNC_DEMO=0/);
}, 90_000);

async function startReal(): Promise<{ run: NpmStart; url: string; adminToken: string }> {
  const adminToken = randomBytes(24).toString('base64url');
  const run = start({
    ADMIN_TOKEN: adminToken,
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    DATABASE_URL: database.url,
  });
  const [, url] = await run.waitFor(/entra-sync is running: (http:\/\/\S+)/, 180_000);
  await run.waitFor(/^ {2}Ctrl-C stops everything\.$/, 5000);
  return { run, url: url ?? '', adminToken };
}

it('ENTRA_SYNC_DEMO=0 runs the product without emulator or demo data, and Ctrl-C stops it in order', async () => {
  const { run, url, adminToken } = await startReal();
  const output = run.lines.join('\n');
  expect(output).not.toContain('[emulator]');
  expect(output).not.toContain('[demo]');
  expect(output).toContain('admin token   from ADMIN_TOKEN');
  expect(output).not.toContain(adminToken);
  const connections = await getJson<{ items: unknown[] }>(`${url}/api/connections`, adminToken);
  expect(connections).toEqual({ status: 200, body: { items: [], nextCursor: null } });
  expect((await getJson<{ status: string }>(`${url}/readyz`)).body.status).toBe('ready');
  const tree = descendants(run.pid);

  run.ctrlC();
  expect(await run.exit(60_000)).toEqual({ code: 0, signal: null });
  expect(run.tail()).toContain('[launcher] stopped: web, worker, queues, redis connection, postgres pool');
  expect(run.tail()).not.toContain('exiting without waiting');
  await expectGone(tree);
}, 240_000);

it('a child that dies unexpectedly brings the tree down with a clear message and a non-zero exit', async () => {
  const { run, url } = await startReal();
  const tree = descendants(run.pid);
  const worker = tree.find((pid) => commandOf(pid).includes('apps/worker/src/main.ts'));
  expect(worker).toBeDefined();
  // the worker lowers its own CPU priority below the web process's (WORKER_NICE, default 10; N13)
  expect(getPriority(worker)).toBe(Math.max(10, getPriority(run.pid)));
  process.kill(worker ?? -1, 'SIGKILL');
  expect(await run.exit(60_000)).toEqual({ code: 1, signal: null });
  expect(run.tail()).toContain(
    '[launcher] ERROR worker stopped unexpectedly (signal SIGKILL); stopping everything',
  );
  expect(run.tail()).toMatch(/stopped, not cleanly .*: web, queues, redis connection, postgres pool/);
  await expectGone(tree);
  await expect(fetch(`${url}/healthz`)).rejects.toThrow();
}, 240_000);

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { TS_NODE_FLAGS } from '@entra-sync/config';
import { createTestDatabase, type TestDatabase } from '@entra-sync/db/testing';
import { buildApp } from '../src/build-app';

// The build of each role starts as production starts it (`node <outdir>/main.js`, no tsx), answers /healthz
// and exits 0 on SIGTERM. Built into a folder of its own under .data/, never over apps/<app>/dist. The same
// after `npm prune --omit=dev`, in a copy of the checkout: scripts/check-production-build.sh (CI).

const ROOT = path.resolve(__dirname, '..', '..', '..');
const OUT = path.join(ROOT, '.data', `build-test-${randomBytes(3).toString('hex')}`);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  mkdirSync(OUT, { recursive: true });
});
afterAll(async () => {
  await database?.destroy();
  rmSync(OUT, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
  waitFor(msg: string): Promise<Record<string, unknown>>;
}

function start(file: string, env: Record<string, string>): Started {
  const child = spawn(process.execPath, [file], {
    cwd: OUT,
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: database.url,
      REDIS_URL,
      QUEUE_PREFIX: `build-test-${randomBytes(3).toString('hex')}`,
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      ADMIN_TOKEN: randomBytes(24).toString('hex'),
      HOST: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr])
    if (stream) createInterface({ input: stream }).on('line', (line) => lines.push(line));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitFor = async (msg: string) => {
    for (let i = 0; i < 600; i++) {
      const line = lines.find((l) => l.includes(`"msg":"${msg}`));
      if (line) return JSON.parse(line) as Record<string, unknown>;
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no "${msg}" from ${file}:\n${lines.join('\n')}`);
  };
  return { child, lines, exited, waitFor };
}

describe('the production build of each role', () => {
  it.each([
    ['receiver', 'receiver listening', 'port', {}],
    ['worker', 'worker started', 'metricsPort', { WORKER_METRICS_PORT: '0', WORKER_NICE: '0' }],
    ['admin', 'admin API listening', 'port', {}],
  ] as const)(
    '%s: dist/main.js starts without tsx, answers /healthz, stops on SIGTERM with exit 0',
    async (role, ready, portField, env) => {
      const outdir = path.join(OUT, role);
      const built = await buildApp({
        appDir: path.join(ROOT, 'apps', role),
        entries: ['src/main.ts'],
        outdir,
      });
      expect(built.files).toEqual([path.join(outdir, 'main.js')]);
      if (role === 'admin') {
        const script = path.join(ROOT, 'apps/admin/src/console/write-console.main.ts');
        const written = spawnSync(process.execPath, [...TS_NODE_FLAGS, script, path.join(outdir, 'console')]);
        expect(written.status).toBe(0);
      }
      const run = start(built.files[0] as string, { PORT: '0', ...env });
      try {
        const port = (await run.waitFor(ready))[portField] as number;
        const health = await fetch(`http://127.0.0.1:${port}/healthz`);
        expect(health.status).toBe(200);
        if (role === 'admin') {
          const app = await fetch(`http://127.0.0.1:${port}/console/app.js`);
          expect([app.status, app.headers.get('content-type')]).toEqual([
            200,
            'text/javascript; charset=utf-8',
          ]);
        }
        run.child.kill('SIGTERM');
        expect(await run.exited).toBe(0);
        expect(JSON.parse(run.lines.at(-1) ?? '{}')).toMatchObject({ service: role, msg: 'stopped' });
      } finally {
        run.child.kill('SIGKILL');
      }
    },
    60_000,
  );
});

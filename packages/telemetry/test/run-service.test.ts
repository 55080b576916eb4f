import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { TS_NODE_FLAGS } from '@entra-sync/config';

// runService as processes use it: a real child receives the signal; its lines and exit code are what an
// orchestrator sees (STYLE habit 14; README "Exit codes").

const FIXTURE = path.join(__dirname, 'fixtures', 'service.fixture.ts');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Line {
  msg?: string;
  level?: number;
  step?: string;
  signal?: string;
  err?: { message: string };
  raw: string;
}

function run(mode: string) {
  const child = spawn(process.execPath, [...TS_NODE_FLAGS, FIXTURE, mode], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '' },
  });
  const lines: Line[] = [];
  let stderr = '';
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout }).on('line', (raw) => {
    lines.push({ ...(JSON.parse(raw) as object), raw });
    for (const wake of waiters) wake();
  });
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const waitFor = (msg: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!lines.some((l) => l.msg === msg)) return;
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      void exited.then(() => reject(new Error(`exited before "${msg}": ${stderr}`)));
      check();
    });
  return { child, lines, exited, waitFor, stderr: () => stderr, msgs: () => lines.map((l) => l.msg) };
}

describe('runService', () => {
  it('stops in order on SIGTERM, flushes every line, and exits 0 with "stopped" last', async () => {
    const p = run('clean');
    await p.waitFor('started');
    p.child.kill('SIGTERM');
    expect(await p.exited).toEqual({ code: 0, signal: null });
    const steps = p.msgs().filter((m) => m?.startsWith('step '));
    expect(steps).toEqual(['step http', 'step workers', 'step pool']);
    expect(p.lines.filter((l) => l.msg === 'draining')).toHaveLength(2000);
    expect(p.lines.at(-2)?.msg).toBe('step pool');
    expect(p.lines.find((l) => l.msg === 'shutting down')?.signal).toBe('SIGTERM');
    expect(p.lines.at(-1)?.msg).toBe('stopped');
  });

  it('the last two lines land in order every time, into a file too (pino.flush() raced its own last write)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'run-service-'));
    try {
      const lastLines = await Promise.all(
        Array.from({ length: 8 }, async (_, i) => {
          const file = path.join(dir, `${i}.log`);
          const out = openSync(file, 'w');
          const child = spawn(process.execPath, [...TS_NODE_FLAGS, FIXTURE, 'last-words'], {
            stdio: ['ignore', out, 'ignore'],
            env: { PATH: process.env.PATH ?? '' },
          });
          closeSync(out);
          const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
          while (!readFileSync(file, 'utf8').includes('"msg":"started"')) await pause(20);
          child.kill('SIGTERM');
          expect(await exited).toBe(0);
          const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
          return lines.slice(-2).map((l) => (JSON.parse(l) as Line).msg);
        }),
      );
      expect(lastLines).toEqual(Array.from({ length: 8 }, () => ['step last', 'stopped']));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('SIGINT stops the same way', async () => {
    const p = run('clean');
    await p.waitFor('started');
    p.child.kill('SIGINT');
    expect(await p.exited).toEqual({ code: 0, signal: null });
    expect(p.lines.at(-1)?.msg).toBe('stopped');
  });

  it('a failing step is logged, the later steps still run, and the exit is 2', async () => {
    const p = run('step-fails');
    await p.waitFor('started');
    p.child.kill('SIGTERM');
    expect((await p.exited).code).toBe(2);
    const failed = p.lines.find((l) => l.msg === 'shutdown step failed');
    expect([failed?.step, failed?.err?.message]).toEqual(['workers', 'worker would not close']);
    expect(p.msgs()).toContain('step pool');
    expect(p.lines.at(-1)?.msg).toBe('stopped, not cleanly (see above)');
  });

  it('a shutdown that hangs ends at the timeout with exit 2', async () => {
    const p = run('hangs');
    await p.waitFor('started');
    const sent = Date.now();
    p.child.kill('SIGTERM');
    expect((await p.exited).code).toBe(2);
    expect(Date.now() - sent).toBeGreaterThanOrEqual(450);
    expect(p.lines.at(-1)?.msg).toBe('shutdown timed out: exiting without waiting any longer');
  });

  it('a signal during start stops the service once it has started', async () => {
    const p = run('slow-start');
    await p.waitFor('starting');
    p.child.kill('SIGTERM');
    expect(await p.exited).toEqual({ code: 0, signal: null });
    const msgs = p.msgs();
    expect(msgs.indexOf('signal while starting: stopping as soon as started')).toBeLessThan(
      msgs.indexOf('started'),
    );
    expect(msgs.at(-1)).toBe('stopped');
  });

  it.each([
    ['crash', 'uncaught exception', 'boom'],
    ['rejection', 'unhandled rejection', 'nobody waits for me'],
  ])('%s: logged as fatal with the error, shut down in order, exit 1', async (mode, msg, error) => {
    const p = run(mode);
    expect((await p.exited).code).toBe(1);
    const fatal = p.lines.find((l) => l.msg === msg);
    expect([fatal?.level, fatal?.err?.message]).toEqual([60, error]);
    expect(p.msgs().filter((m) => m?.startsWith('step '))).toEqual([
      'step http',
      'step workers',
      'step pool',
    ]);
  });

  it('a start that fails is logged with its error and exits 1', async () => {
    const p = run('start-fails');
    expect((await p.exited).code).toBe(1);
    const last = p.lines.at(-1);
    expect([last?.msg, last?.err?.message]).toEqual(['failed to start', 'listen EADDRINUSE 127.0.0.1:1']);
  });

  it('F10 a start refused for an unfit dependency is one fatal line with the reason and no stack, exit 1', async () => {
    const p = run('start-refused');
    expect((await p.exited).code).toBe(1);
    const fatal = p.lines.filter((l) => l.level === 60);
    expect(fatal.map((l) => l.msg)).toEqual(['refusing to start: the dependency is unfit: fix it like this']);
    expect(fatal[0]?.err).toBeUndefined();
  });

  it('a bad environment is one stderr line naming the variable, exit 1', async () => {
    const p = run('bad-env');
    expect((await p.exited).code).toBe(1);
    expect(p.stderr()).toBe('fixture: Invalid environment: FIXTURE_PORT must be a port\n');
    expect(p.lines).toEqual([]);
  });
});

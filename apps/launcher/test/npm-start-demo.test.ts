import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  expectGone,
  commandOf,
  descendants,
  dropQueuePrefix,
  eventually,
  getJson,
  NpmStart,
} from './support/npm-start';

// The whole demo as a newcomer runs it: `npm start` on a machine without DATABASE_URL (embedded Postgres),
// the emulator with the demo tenant, the web server and the worker as children. Slow (about a minute).

const REDIS_URL = 'redis://127.0.0.1:6379';
const prefix = `launcher-e2e-${randomBytes(3).toString('hex')}`;
const dataDir = mkdtempSync(path.join(tmpdir(), 'launcher-demo-'));
let run: NpmStart | null = null;

afterAll(async () => {
  run?.killTree();
  await dropQueuePrefix(REDIS_URL, prefix);
  rmSync(dataDir, { recursive: true, force: true });
});

interface Page<T> {
  items: T[];
}
interface Person {
  id: string;
  email: string | null;
  jobTitle: string | null;
  status: string;
  username: string | null;
}

it('npm start runs the demo: records sync, directory changes reach the API, SIGTERM stops it cleanly', async () => {
  run = new NpmStart({
    ENTRA_SYNC_DATA_DIR: dataDir,
    PORT: '0',
    QUEUE_PREFIX: prefix,
    REDIS_URL,
    ENTRA_SYNC_DEMO_USERS: '60',
    ENTRA_SYNC_DEMO_CHANGE_SECONDS: '2',
    DATABASE_URL: '',
    ADMIN_TOKEN: '',
    ENCRYPTION_KEY: '',
    ENTRA_SYNC_DEMO: '',
  });
  const [, url] = await run.waitFor(/entra-sync is running \(demo\): (http:\/\/\S+)/, 240_000);
  const [, token] = await run.waitFor(/admin token\s+(\S+)\s+\(generated/, 1000);
  const [, runId] = await run.waitFor(/\/api\/sync-runs\/([0-9a-f-]{36})/, 1000);
  const [, onFile] = await run.waitFor(/(\d+) people already on file match directory users by e-mail/, 1000);
  const [, archivedEmail] = await run.waitFor(/the employee (\S+) will be archived/, 1000);
  expect(run.lines.join('\n')).toMatch(/embedded PGlite .* pools of 1/);
  expect((await getJson(`${url}/api/contacts`)).status).toBe(401);
  const root = await fetch(`${url}/`, { redirect: 'manual' });
  expect([root.status, root.headers.get('location')]).toEqual([302, '/console/']);
  const consolePage = await fetch(`${url}/console/`);
  expect(consolePage.status).toBe(200);
  expect(consolePage.headers.get('content-type')).toMatch(/text\/html/);

  // S8: the initial sync completes; S3.2: the people on file were merged; S6.2: the employee was archived
  const syncRun = await eventually(
    async () => {
      const { body } = await getJson<{ status: string; counts: Record<string, number> }>(
        `${url}/api/sync-runs/${runId}`,
        token,
      );
      return body.status === 'succeeded' ? body : undefined;
    },
    180_000,
    'the initial sync run succeeds',
  ).catch((err: Error) => {
    throw new Error(
      `${err.message}\n${(run?.lines ?? [])
        .filter((l) => !l.startsWith('[demo]'))
        .slice(-80)
        .join('\n')}`,
    );
  });
  expect(syncRun.counts.merged).toBe(Number(onFile));
  expect(syncRun.counts.archived).toBe(1);
  const contacts = await getJson<Page<Person>>(`${url}/api/contacts?limit=200`, token);
  const employees = await getJson<Page<Person>>(`${url}/api/employees?limit=200`, token);
  expect(contacts.body.items.length).toBeGreaterThan(10);
  expect(employees.body.items.length).toBeGreaterThan(10);
  const archived = employees.body.items.find((e) => e.email === `${archivedEmail}_Archived`);
  expect(archived).toMatchObject({ status: 'archived' });
  // S3.4: the demo tenant is the MSP's own directory, marked as the staff tenant (its archive above needs it)
  const connections = await getJson<Page<{ staffTenant: boolean }>>(`${url}/api/connections`, token);
  expect(connections.body.items.map((c) => c.staffTenant)).toEqual([true]);

  // S4.3: a change made in the directory reaches the record through notification → receiver → worker
  const [line, title, route] = await run.waitFor(
    /job title → "([^"]+)" \(GET (\/api\/(?:employees|contacts)\?objectId=[0-9a-f-]{36})\)/,
    120_000,
  );
  const seenAt = Date.now();
  const updated = await eventually(
    async () => {
      const { body } = await getJson<Page<Person>>(`${url}${route}`, token);
      return body.items[0]?.jobTitle === title ? body.items[0] : undefined;
    },
    60_000,
    `"${line}" shows in the API`,
  );
  expect(updated.jobTitle).toBe(title);
  process.stdout.write(
    `[launcher e2e] directory change visible in the API ${Date.now() - seenAt} ms after the demo made it\n`,
  );

  const tree = descendants(run.pid);
  const commands = tree.map(commandOf).join('\n');
  for (const main of [
    'embedded-postgres.main.ts',
    'graph-emulator/src/main.ts',
    'web.main.ts',
    'worker/src/main.ts',
  ])
    expect(commands).toContain(main);
  run.signal('SIGTERM');
  expect(await run.exit(60_000)).toEqual({ code: 0, signal: null });
  expect(run.lines.join('\n')).toContain(
    'stopped: directory changes, web, worker, emulator, queues, redis connection, postgres pool, postgres',
  );
  await expectGone(tree);
  await expect(fetch(`${url}/healthz`)).rejects.toThrow();
}, 420_000);

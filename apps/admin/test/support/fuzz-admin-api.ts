import fc from 'fast-check';
import type { Db } from '@entra-sync/db';
import * as testing from '@entra-sync/db/testing';
import type { Producer } from '@entra-sync/queues';
import { stateFingerprint } from './db-fingerprint';
import { startAdmin } from './harness';
import { operationsOf, requestArbitrary, type FuzzRequest } from './fuzz-inputs';

/** A running admin API to fuzz: its base URL, token, and the database and queues it writes. */
export interface FuzzTarget {
  base: string;
  token: string;
  db: Db;
  producer: Producer;
}

export interface FuzzOptions {
  /** hostile requests to send in all (the chaos run's full mode sends ≥ 100,000 across fuzzers) */
  runs: number;
  /** a running admin; without one a private admin (test database, queues, emulator) is started and stopped */
  target?: FuzzTarget;
  seed?: number;
  /** requests in flight at once */
  concurrency?: number;
  /** failures kept in detail (all are counted) */
  keep?: number;
  /** requests between two state fingerprints */
  block?: number;
}

export interface FuzzFailure {
  request: Omit<FuzzRequest, 'headers'> & { contentType?: string };
  status: number;
  why: string;
}

export interface FuzzResult {
  cases: number;
  failures: number;
  /** the first `keep` failures */
  examples: FuzzFailure[];
  statuses: Record<string, number>;
  /** requests in blocks of reads and refusals only, whose state was proved unchanged */
  checkedCases: number;
  seed: number;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * fast-check against every operation of the admin API's OpenAPI document (issue 15 item 9): each answer is below
 * 500 and, when it refuses, problem+json whose `status` is the HTTP status; a block of requests in which no
 * change was accepted (reads and refusals only) leaves every table (but the attempt log) and every queue as it
 * was; the server still answers at the end. Used by `api-fuzz.test.ts` (FUZZ_RUNS) and the chaos suite.
 */
export async function fuzzAdminApi(options: FuzzOptions): Promise<FuzzResult> {
  const own = options.target ? null : await privateAdmin();
  const target: FuzzTarget = options.target ?? own!.target;
  const seed = options.seed ?? Date.now() % 2 ** 31;
  const result: FuzzResult = { cases: 0, failures: 0, examples: [], statuses: {}, checkedCases: 0, seed };
  const fail = (failure: FuzzFailure) => {
    result.failures += 1;
    if (result.examples.length < (options.keep ?? 20)) result.examples.push(failure);
  };
  try {
    const docRes = await fetch(`${target.base}/api/openapi.json`, {
      headers: { authorization: `Bearer ${target.token}` },
    });
    const operations = operationsOf((await docRes.json()) as Parameters<typeof operationsOf>[0]);
    const arbitrary = requestArbitrary(operations, target.token);
    let before = await stateFingerprint(target.db, target.producer);
    let block = 0;
    while (result.cases < options.runs) {
      const size = Math.min(options.block ?? 10, options.runs - result.cases);
      const requests = fc.sample(arbitrary, { numRuns: size, seed: seed + block++ });
      const statuses = await inFlight(requests, options.concurrency ?? 4, async (request) => {
        const status = await send(target.base, request, fail);
        result.statuses[status] = (result.statuses[status] ?? 0) + 1;
        return { status, wrote: MUTATING.has(request.method) && status < 300 };
      });
      result.cases += size;
      const after = await stateFingerprint(target.db, target.producer);
      // GETs and refusals must leave everything as it was; a block with an accepted change cannot tell
      const checked = !statuses.some((s) => s.wrote);
      if (checked) result.checkedCases += size;
      if (checked && after !== before)
        fail({
          request: {
            method: 'BLOCK',
            url: `${size} reads and refused requests (block ${block - 1} of seed ${seed})`,
          },
          status: 0,
          why: `refused input changed the state:\n${diff(before, after)}`,
        });
      before = after;
    }
    const health = await fetch(`${target.base}/api/connections`, {
      headers: { authorization: `Bearer ${target.token}` },
    });
    if (health.status !== 200)
      fail({
        request: { method: 'GET', url: '/api/connections' },
        status: health.status,
        why: 'the API stopped answering',
      });
  } finally {
    await own?.close();
  }
  return result;
}

/**
 * The admin test harness (test database, random queue prefix, the emulator over HTTPS: ENTRA_SYNC_TLS_DIR and
 * NODE_EXTRA_CA_CERTS as for every admin test). Outside jest (the chaos suite) there is no template database yet:
 * one is made for this call and dropped with its clone afterwards.
 */
async function privateAdmin(): Promise<{ target: FuzzTarget; close(): Promise<void> }> {
  const template = process.env[testing.TEMPLATE_ENV] ? null : await testing.prepareTemplateDatabase();
  if (template) process.env[testing.TEMPLATE_ENV] = template;
  const admin = await startAdmin();
  return {
    target: { base: admin.base, token: admin.token, db: admin.db, producer: admin.producer },
    async close() {
      await admin.close();
      if (!template) return;
      delete process.env[testing.TEMPLATE_ENV];
      await testing.dropRunDatabases(template);
    },
  };
}

async function send(base: string, request: FuzzRequest, fail: (f: FuzzFailure) => void): Promise<number> {
  const shown = {
    method: request.method,
    url: request.url.slice(0, 300),
    ...(request.body !== undefined ? { body: request.body.slice(0, 300) } : {}),
    ...(request.headers['content-type'] ? { contentType: request.headers['content-type'] } : {}),
  };
  let res: Response;
  try {
    res = await fetch(`${base}${request.url}`, {
      method: request.method,
      headers: request.headers,
      body: request.body,
    });
  } catch (err) {
    fail({ request: shown, status: 0, why: `no answer: ${(err as Error).message}` });
    return 0;
  }
  const text = await res.text();
  if (res.status >= 500) fail({ request: shown, status: res.status, why: text.slice(0, 300) });
  else if (res.status >= 400) {
    const type = res.headers.get('content-type') ?? '';
    let body: { status?: unknown; type?: unknown; detail?: unknown } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      // reported below
    }
    if (
      !type.startsWith('application/problem+json') ||
      body.status !== res.status ||
      typeof body.detail !== 'string'
    )
      fail({ request: shown, status: res.status, why: `not problem+json: ${type} ${text.slice(0, 200)}` });
  }
  return res.status;
}

async function inFlight<T, R>(items: T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await run(items[i] as T);
    }
  });
  await Promise.all(lanes);
  return results;
}

function diff(before: string, after: string): string {
  const was = new Set(before.split('\n'));
  return after
    .split('\n')
    .filter((line) => !was.has(line))
    .map((line) => line.split(':')[0])
    .join(', ');
}

import { sql } from 'kysely';
import type { Db } from '@entra-sync/db';
import { queueKeys, type Producer } from '@entra-sync/queues';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `fn` until it succeeds: the suite's own reads must ride through the faults it injects. */
export async function retrying<T>(fn: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(250);
    }
  }
}

/** Jobs still to run over every queue (waiting, active, delayed), without the schedulers' next ticks. */
export async function outstandingJobs(producer: Producer): Promise<number> {
  let n = 0;
  for (const key of queueKeys) {
    const jobs = await producer.queue(key).getJobs(['wait', 'prioritized', 'active', 'delayed']);
    n += jobs.filter((job) => job && !String(job.id).startsWith('repeat:')).length;
  }
  return n;
}

/** Until no job is outstanding in two reads 500 ms apart; false when `timeoutMs` passed first. */
export async function drained(producer: Producer, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  while (Date.now() < deadline) {
    const n = await retrying(() => outstandingJobs(producer));
    quiet = n === 0 ? quiet + 1 : 0;
    if (quiet >= 2) return true;
    await sleep(500);
  }
  return false;
}

export interface RunState {
  id: string;
  status: string;
  error: string | null;
}

/** The connection's newest sync run, or `runId`'s. */
export async function syncRun(db: Db, connectionId: string, runId?: string): Promise<RunState | null> {
  const { rows } = await sql<RunState>`
    select id, status, error from sync_runs
    where connection_id = ${connectionId} and (${runId ?? null}::uuid is null or id = ${runId ?? null}::uuid)
    order by started_at desc nulls last limit 1`.execute(db);
  return rows[0] ?? null;
}

/** Until the run has ended (any status but queued or running). */
export async function runEnded(
  db: Db,
  connectionId: string,
  timeoutMs: number,
  runId?: string,
): Promise<RunState | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const run = await retrying(() => syncRun(db, connectionId, runId));
    if (run && run.status !== 'queued' && run.status !== 'running') return run;
    await sleep(200);
  }
  return null;
}

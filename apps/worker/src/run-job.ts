import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { catalog, type QueueKey } from '@entra-sync/queues';
import { jobLogger } from '@entra-sync/telemetry';
import type { Processor, Processors, WorkerDeps } from './deps';
import { PermanentJobError, WaitError } from './job-errors';
import { waitForPostgres } from './postgres-wait';

/**
 * Runs one job: validates its payload again (a schema failure never retries — STYLE habit 6), dispatches to the
 * processor of its name, and maps the processor's decisions onto BullMQ. Postgres failures are judged here, for
 * every processor alike (F1).
 */
export async function runJob(
  key: QueueKey,
  processors: Processors,
  deps: WorkerDeps,
  job: Job,
  token: string | undefined,
): Promise<unknown> {
  const log = jobLogger(deps.logger, job);
  const defs = catalog[key].jobs as Record<string, { schema: { safeParse(v: unknown): SafeParse } }>;
  const def = defs[job.name];
  if (!def) throw new UnrecoverableError(`no job named ${job.name} on queue ${catalog[key].name}`);
  const parsed = def.schema.safeParse(job.data);
  if (!parsed.success) {
    throw new UnrecoverableError(`invalid payload for ${job.name}: ${parsed.error.message}`);
  }
  const processor = (processors[key] as Record<string, Processor<unknown>>)[job.name];
  if (!processor) throw new UnrecoverableError(`no processor for ${job.name}`);
  try {
    return await processor(parsed.data, { job, log, deps });
  } catch (thrown) {
    const err = waitForPostgres(thrown, job, deps.now().getTime()) ?? thrown;
    if (err instanceof WaitError) {
      log.info({ until: new Date(err.until).toISOString() }, err.message);
      await job.moveToDelayed(err.until, token);
      throw new DelayedError(err.message);
    }
    if (err instanceof PermanentJobError) throw new UnrecoverableError(err.message);
    throw err;
  }
}

type SafeParse = { success: true; data: unknown } | { success: false; error: { message: string } };

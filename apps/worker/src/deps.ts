import type { Job } from 'bullmq';
import type { Db, SecretBox } from '@entra-sync/db';
import type { JobData, JobName, Producer, QueueKey } from '@entra-sync/queues';
import type { Logger } from '@entra-sync/telemetry';
import type { WorkerEnv } from './env';
import type { GraphClients } from './graph-clients';
import type { UserBatches } from './user-batches';

/** What every processor may use; built once per worker process (main.ts) or per test. */
export interface WorkerDeps {
  db: Db;
  box: SecretBox;
  producer: Producer;
  graph: GraphClients;
  logger: Logger;
  env: Pick<
    WorkerEnv,
    | 'DELTA_INTERVAL_SECONDS'
    | 'RECONNECT_SECONDS'
    | 'PUBLIC_URL'
    | 'SYNC_MAX_DEACTIVATION_SHARE'
    | 'SYNC_DEACTIVATION_WINDOW_SECONDS'
  >;
  /** this host's clock: waits, run times, latency — never the order of observations */
  now: () => Date;
  /** the database's clock, which stamps an observation before its Graph read (S4.5 across worker hosts) */
  observationTime: () => Promise<Date>;
  /** the Graph read and the apply of `user.changed` jobs, shared by the jobs ready together (P5) */
  users: UserBatches;
  /** end-to-end latency from signal receipt to committed record, in seconds */
  observeLatency?: (seconds: number) => void;
}

export interface JobContext {
  job: Job;
  log: Logger;
  deps: WorkerDeps;
}

/** Returned value is stored on the completed job (small: ids and counts, never documents). */
export type Processor<D> = (data: D, ctx: JobContext) => Promise<Record<string, unknown> | void>;

/** A processor for every job of the catalog: a missing one is a compile error (STYLE habit 1). */
export type Processors = { [Q in QueueKey]: { [J in JobName<Q>]: Processor<JobData<Q, J>> } };

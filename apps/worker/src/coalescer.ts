import type { AppliedUser, UserToApply } from '@entra-sync/db';

/** Applies one connection's users in one transaction, in order (packages/db `applyUsers`). */
export type ApplyMany = (connectionId: string, actor: string, users: UserToApply[]) => Promise<AppliedUser[]>;

export interface UserApplyRequest {
  connectionId: string;
  /** who caused it, for the audit log (`sync:notification`, …) */
  actor: string;
  user: UserToApply;
}

export interface BatcherOptions {
  /** users per transaction at most */
  maxBatch: number;
  /** transactions in flight per connection and actor: Node plans one batch while Postgres writes another */
  inFlight: number;
}

interface Waiting {
  user: UserToApply;
  resolve: (applied: AppliedUser) => void;
  reject: (err: unknown) => void;
}

interface Lane {
  key: string;
  connectionId: string;
  actor: string;
  waiting: Waiting[];
  running: number;
  scheduled: boolean;
}

/**
 * Coalesces the apply step of concurrent `user.changed` jobs of one worker process: each job still reads Graph
 * and finishes on its own (its own retries and dead letter), but the users that are ready together are written
 * in one transaction (P5). An idle lane applies at once, so a lone change waits for nothing; under load,
 * batches grow with the backlog. When a batch fails, its users are applied one by one, so one bad user fails
 * only its own job.
 */
export class UserApplyBatcher {
  private readonly lanes = new Map<string, Lane>();

  constructor(
    private readonly applyMany: ApplyMany,
    private readonly options: BatcherOptions,
  ) {}

  apply(request: UserApplyRequest): Promise<AppliedUser> {
    const key = `${request.connectionId}\u0000${request.actor}`;
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = {
        key,
        connectionId: request.connectionId,
        actor: request.actor,
        waiting: [],
        running: 0,
        scheduled: false,
      };
      this.lanes.set(key, lane);
    }
    const promise = new Promise<AppliedUser>((resolve, reject) => {
      lane.waiting.push({ user: request.user, resolve, reject });
    });
    this.schedule(lane);
    return promise;
  }

  /** Users waiting for a transaction, over all lanes (for tests and metrics). */
  get waiting(): number {
    let n = 0;
    for (const lane of this.lanes.values()) n += lane.waiting.length;
    return n;
  }

  private schedule(lane: Lane): void {
    if (lane.scheduled || lane.running >= this.options.inFlight) return;
    lane.scheduled = true;
    // one turn of the event loop gathers the jobs that became ready together
    setImmediate(() => {
      lane.scheduled = false;
      this.drain(lane);
    });
  }

  private drain(lane: Lane): void {
    while (lane.running < this.options.inFlight && lane.waiting.length > 0) {
      const batch = lane.waiting.splice(0, this.options.maxBatch);
      lane.running += 1;
      void this.run(lane, batch).finally(() => {
        lane.running -= 1;
        if (lane.waiting.length > 0) this.schedule(lane);
        else if (lane.running === 0) this.lanes.delete(lane.key);
      });
    }
  }

  private async run(lane: Lane, batch: Waiting[]): Promise<void> {
    const { connectionId, actor } = lane;
    try {
      settle(
        batch,
        await this.applyMany(
          connectionId,
          actor,
          batch.map((w) => w.user),
        ),
      );
      return;
    } catch (err) {
      if (batch.length === 1) {
        batch[0]?.reject(err);
        return;
      }
    }
    for (const waiting of batch) {
      try {
        settle([waiting], await this.applyMany(connectionId, actor, [waiting.user]));
      } catch (err) {
        waiting.reject(err);
      }
    }
  }
}

function settle(batch: readonly Waiting[], applied: readonly AppliedUser[]): void {
  for (const [i, waiting] of batch.entries()) {
    const result = applied[i];
    if (result && result.objectId === waiting.user.observation.objectId) waiting.resolve(result);
    else waiting.reject(new Error(`batch apply returned no result for ${waiting.user.observation.objectId}`));
  }
}

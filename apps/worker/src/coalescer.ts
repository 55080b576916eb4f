export interface CoalescerOptions {
  /** items per call of `many` at most */
  maxBatch: number;
  /** calls in flight per key: one batch is prepared while another is in IO */
  inFlight: number;
}

/** Does the item many() answered at this index in fact belong to it? (a guard against a shifted answer) */
export type Matches<In, Out> = (item: In, result: Out) => boolean;

interface Waiting<In, Out> {
  item: In;
  resolve: (result: Out) => void;
  reject: (err: unknown) => void;
}

interface Lane<C, In, Out> {
  key: string;
  context: C;
  waiting: Waiting<In, Out>[];
  running: number;
  scheduled: boolean;
}

/**
 * Gathers the work that concurrent jobs of one process have ready at the same moment and does it in one call
 * (P5): a Graph `$batch` for their observations, one transaction for their applies. Each job still waits for
 * its own result and ends on its own (its own retries, its own dead letter). An idle key runs a lone item at
 * once, so nothing waits for a timer; under a backlog, batches grow with it. A failed batch is redone one item
 * at a time, so one bad item fails only its own job.
 */
export class Coalescer<C, In, Out> {
  private readonly lanes = new Map<string, Lane<C, In, Out>>();

  constructor(
    private readonly many: (context: C, items: In[]) => Promise<Out[]>,
    private readonly options: CoalescerOptions,
    private readonly matches: Matches<In, Out> = () => true,
  ) {}

  /** `context` is what `many` needs for this key (the first caller's is used while the key is busy). */
  submit(key: string, context: C, item: In): Promise<Out> {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { key, context, waiting: [], running: 0, scheduled: false };
      this.lanes.set(key, lane);
    }
    const { waiting } = lane;
    const promise = new Promise<Out>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
    });
    this.schedule(lane);
    return promise;
  }

  /** Items waiting for a call, over all keys. */
  get waiting(): number {
    let n = 0;
    for (const lane of this.lanes.values()) n += lane.waiting.length;
    return n;
  }

  private schedule(lane: Lane<C, In, Out>): void {
    if (lane.scheduled || lane.running >= this.options.inFlight) return;
    lane.scheduled = true;
    // one turn of the event loop gathers the jobs that became ready together
    setImmediate(() => {
      lane.scheduled = false;
      this.drain(lane);
    });
  }

  private drain(lane: Lane<C, In, Out>): void {
    while (lane.running < this.options.inFlight && lane.waiting.length > 0) {
      const batch = lane.waiting.splice(0, this.options.maxBatch);
      lane.running += 1;
      void this.run(lane.context, batch).finally(() => {
        lane.running -= 1;
        if (lane.waiting.length > 0) this.schedule(lane);
        else if (lane.running === 0) this.lanes.delete(lane.key);
      });
    }
  }

  private async run(context: C, batch: Waiting<In, Out>[]): Promise<void> {
    try {
      this.settle(
        batch,
        await this.many(
          context,
          batch.map((w) => w.item),
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
        this.settle([waiting], await this.many(context, [waiting.item]));
      } catch (err) {
        waiting.reject(err);
      }
    }
  }

  /** Answers every item of the batch, or throws (answering none) when an answer is missing or misplaced. */
  private settle(batch: readonly Waiting<In, Out>[], results: readonly Out[]): void {
    const misplaced = batch.findIndex(
      (w, i) => results[i] === undefined || !this.matches(w.item, results[i]),
    );
    if (misplaced >= 0 || results.length !== batch.length)
      throw new Error(
        `the batch call returned no result for item ${misplaced + 1 || batch.length} of ${batch.length}`,
      );
    for (const [i, waiting] of batch.entries()) waiting.resolve(results[i] as Out);
  }
}

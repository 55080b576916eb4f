import { classifyGraphError } from '@entra-sync/graph';

export interface Patience {
  /** in-process wait allowed per read (or page) without progress; a longer one is left to the job (WaitError) */
  budgetMs: number;
  sleep?: (ms: number) => Promise<void>;
}

/** In-process patience per Graph read: a few Retry-After rounds, well inside the job lock. */
export const GRAPH_PATIENCE: Patience = { budgetMs: 10_000 };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retry-After of a throttled error, jittered so jobs throttled together do not come back together; else null. */
function throttledWait(err: unknown): number | null {
  const failure = classifyGraphError(err);
  return failure.kind === 'throttled' ? failure.retryAfterMs + Math.floor(Math.random() * 250) : null;
}

/**
 * Runs one Graph read, waiting out its Retry-After in process while the budget lasts. A job made of several
 * reads keeps what it already read: when a share of requests is throttled, failing the whole job on any 429 could
 * starve it on every attempt.
 */
export async function retryThrottled<T>(
  read: () => Promise<T>,
  patience: Patience = GRAPH_PATIENCE,
): Promise<T> {
  const wait = patience.sleep ?? sleep;
  let spent = 0;
  for (;;) {
    try {
      return await read();
    } catch (err) {
      const ms = throttledWait(err);
      if (ms === null || spent + ms > patience.budgetMs) throw err;
      spent += ms;
      await wait(ms);
    }
  }
}

/**
 * The pages of a read that resumes from a page link (a delta round): a throttled page is waited out in process
 * and read again from the link it failed on, so a long round keeps the pages it already handled.
 */
export async function* patientPages<P extends { nextLink?: string; deltaLink?: string }>(
  open: (cursor: string | null) => AsyncGenerator<P>,
  from: string | null,
  patience: Patience = GRAPH_PATIENCE,
): AsyncGenerator<P> {
  const wait = patience.sleep ?? sleep;
  let cursor = from;
  let spent = 0;
  for (;;) {
    try {
      for await (const page of open(cursor)) {
        spent = 0;
        yield page;
        if (page.nextLink === undefined) return;
        cursor = page.nextLink;
      }
      return;
    } catch (err) {
      const ms = throttledWait(err);
      if (ms === null || spent + ms > patience.budgetMs) throw err;
      spent += ms;
      await wait(ms);
    }
  }
}

import { classifyGraphError } from '@entra-sync/graph';

export interface Patience {
  /** total in-process wait allowed; a longer Retry-After is left to the job (WaitError) */
  budgetMs: number;
  sleep?: (ms: number) => Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs one Graph request, waiting out its Retry-After in process while the budget lasts. Short waits here keep what
 * a job already read; the jitter keeps jobs throttled together from coming back together.
 */
export async function retryThrottled<T>(read: () => Promise<T>, patience: Patience): Promise<T> {
  const wait = patience.sleep ?? sleep;
  let spent = 0;
  for (;;) {
    try {
      return await read();
    } catch (err) {
      const failure = classifyGraphError(err);
      if (failure.kind !== 'throttled') throw err;
      const ms = failure.retryAfterMs + Math.floor(Math.random() * 250);
      if (spent + ms > patience.budgetMs) throw err;
      spent += ms;
      await wait(ms);
    }
  }
}

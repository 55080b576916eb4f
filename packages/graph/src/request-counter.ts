export type RequestOutcome = 'ok' | 'throttled' | 'transient' | 'auth' | 'not-found' | 'permanent';

const OUTCOMES: readonly RequestOutcome[] = [
  'ok',
  'throttled',
  'transient',
  'auth',
  'not-found',
  'permanent',
];
type Counts = Record<RequestOutcome, number>;

const zero = (): Counts => Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Counts;

/**
 * Graph calls by outcome, in process, for the caller to read (metrics come later). `requests` counts HTTP
 * requests to Graph (a `$batch` is one), `batchItems` the requests inside batches, `tokens` token acquisitions.
 */
export class GraphRequestCounter {
  private counts = { requests: zero(), batchItems: zero(), tokens: zero() };

  add(kind: 'requests' | 'batchItems' | 'tokens', outcome: RequestOutcome): void {
    this.counts[kind][outcome]++;
  }

  snapshot(): { requests: Counts; batchItems: Counts; tokens: Counts } {
    return {
      requests: { ...this.counts.requests },
      batchItems: { ...this.counts.batchItems },
      tokens: { ...this.counts.tokens },
    };
  }

  reset(): void {
    this.counts = { requests: zero(), batchItems: zero(), tokens: zero() };
  }
}

/** Shared by every client that is not given its own. */
export const graphRequestCounter = new GraphRequestCounter();

export function outcomeOfStatus(status: number): RequestOutcome {
  if (status < 400) return 'ok';
  if (status === 429) return 'throttled';
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not-found';
  if (status >= 500 || status === 408) return 'transient';
  return 'permanent';
}

import { GraphRequestError } from '@entra-sync/graph';
import { patientPages, retryThrottled } from './throttle-patience';

const throttled = (seconds: number) =>
  new GraphRequestError(429, 'TooManyRequests', 'Too many requests.', { 'retry-after': String(seconds) });

describe('retryThrottled', () => {
  it('S4.1 waits out Retry-After in process and returns the read once Graph answers', async () => {
    const waits: number[] = [];
    let calls = 0;
    const read = async () => {
      calls += 1;
      if (calls < 3) throw throttled(1);
      return 'ok';
    };
    const result = await retryThrottled(read, { budgetMs: 5_000, sleep: async (ms) => void waits.push(ms) });
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(waits).toHaveLength(2);
    for (const ms of waits) expect(ms).toBeGreaterThanOrEqual(1000);
  });

  it('S4.1 leaves a wait longer than the budget to the job (the 429 is rethrown)', async () => {
    const error = throttled(30);
    const sleep = jest.fn(async () => undefined);
    await expect(retryThrottled(async () => Promise.reject(error), { budgetMs: 10_000, sleep })).rejects.toBe(
      error,
    );
    expect(sleep).not.toHaveBeenCalled();
  });

  it('rethrows anything but throttling at once', async () => {
    const error = new GraphRequestError(400, 'BadRequest', 'nope');
    const sleep = jest.fn(async () => undefined);
    await expect(retryThrottled(async () => Promise.reject(error), { budgetMs: 10_000, sleep })).rejects.toBe(
      error,
    );
    expect(sleep).not.toHaveBeenCalled();
  });
});

describe('patientPages', () => {
  type TestPage = { items: string[]; nextLink?: string; deltaLink?: string };
  const book: Record<string, TestPage> = {
    start: { items: ['a'], nextLink: 'p2' },
    p2: { items: ['b'], nextLink: 'p3' },
    p3: { items: ['c'], deltaLink: 'done' },
  };

  it('S4.1 reads a throttled page again from its link and keeps the pages already handled', async () => {
    const opened: (string | null)[] = [];
    let throttleP3 = 2;
    async function* open(cursor: string | null): AsyncGenerator<TestPage> {
      opened.push(cursor);
      let link = cursor ?? 'start';
      for (;;) {
        if (link === 'p3' && throttleP3-- > 0) throw throttled(1);
        const page = book[link]!;
        yield page;
        if (!page.nextLink) return;
        link = page.nextLink;
      }
    }
    const seen: string[] = [];
    for await (const page of patientPages(open, null, { budgetMs: 5_000, sleep: async () => undefined }))
      seen.push(...page.items);
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(opened).toEqual([null, 'p3', 'p3']); // resumed at the page that failed, twice
  });
});

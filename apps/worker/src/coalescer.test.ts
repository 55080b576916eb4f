import { Coalescer } from './coalescer';

type Result = { id: string };

/** A `many` that records its calls and finishes each when told to. */
function recorder(fail: (ids: string[]) => boolean = () => false) {
  const calls: Array<{ context: string; ids: string[]; finish: () => void }> = [];
  const many = (context: string, ids: string[]) =>
    new Promise<Result[]>((resolve, reject) => {
      calls.push({
        context,
        ids,
        finish: () =>
          fail(ids) ? reject(new Error(`cannot do ${ids.join(',')}`)) : resolve(ids.map((id) => ({ id }))),
      });
    });
  return { calls, many };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const same = (id: string, result: Result) => result.id === id;

describe('Coalescer (P5)', () => {
  it('runs a lone item at once, in a call of its own', async () => {
    const { calls, many } = recorder();
    const coalescer = new Coalescer(many, { maxBatch: 10, inFlight: 2 }, same);
    const result = coalescer.submit('c1', 'ctx', 'u1');
    await turn();
    expect(calls.map((c) => c.ids)).toEqual([['u1']]);
    calls[0]?.finish();
    await expect(result).resolves.toEqual({ id: 'u1' });
  });

  it('does the items that are ready together in one call, and a backlog in batches of at most maxBatch', async () => {
    const { calls, many } = recorder();
    const coalescer = new Coalescer(many, { maxBatch: 3, inFlight: 1 }, same);
    const ask = (id: string) => coalescer.submit('c1', 'ctx', id);
    const first = [ask('u1'), ask('u2')];
    await turn();
    expect(calls.map((c) => c.ids)).toEqual([['u1', 'u2']]);
    // while the one allowed call runs, a backlog builds up
    const rest = ['u3', 'u4', 'u5', 'u6', 'u7'].map(ask);
    await turn();
    expect(calls).toHaveLength(1);
    expect(coalescer.waiting).toBe(5);
    calls[0]?.finish();
    await Promise.all(first);
    await turn();
    expect(calls.map((c) => c.ids)).toEqual([
      ['u1', 'u2'],
      ['u3', 'u4', 'u5'],
    ]);
    calls[1]?.finish();
    while (calls.length < 3) await turn();
    expect(calls[2]?.ids).toEqual(['u6', 'u7']);
    calls[2]?.finish();
    const results = await Promise.all(rest);
    expect(results.map((r) => r.id)).toEqual(['u3', 'u4', 'u5', 'u6', 'u7']);
    expect(coalescer.waiting).toBe(0);
  });

  it('keeps keys apart, each with its own calls in flight and the context of its first caller', async () => {
    const { calls, many } = recorder();
    const coalescer = new Coalescer(many, { maxBatch: 10, inFlight: 1 }, same);
    void coalescer.submit('c1', 'first of c1', 'u1');
    void coalescer.submit('c2', 'first of c2', 'u2');
    void coalescer.submit('c1', 'second of c1', 'u3');
    await turn();
    expect(calls.map((c) => [c.context, c.ids])).toEqual([
      ['first of c1', ['u1', 'u3']],
      ['first of c2', ['u2']],
    ]);
  });

  it('redoes a failed batch one item at a time, so only the bad item fails', async () => {
    const { calls, many } = recorder((ids) => ids.includes('bad'));
    const coalescer = new Coalescer(many, { maxBatch: 10, inFlight: 2 }, same);
    const results = ['u1', 'bad', 'u2'].map((id) =>
      coalescer.submit('c1', 'ctx', id).then(
        (r) => `ok ${r.id}`,
        (err: Error) => `failed: ${err.message}`,
      ),
    );
    await turn();
    calls[0]?.finish();
    for (let i = 1; i <= 3; i++) {
      while (calls.length <= i) await turn();
      calls[i]?.finish();
    }
    expect(await Promise.all(results)).toEqual(['ok u1', 'failed: cannot do bad', 'ok u2']);
    expect(calls.map((c) => c.ids)).toEqual([['u1', 'bad', 'u2'], ['u1'], ['bad'], ['u2']]);
  });

  it('rejects an item whose answer is missing or belongs to another item, never answering with a neighbour', async () => {
    const shifted = new Coalescer(
      async (_c: string, ids: string[]) => ids.slice(1).map((id) => ({ id })),
      { maxBatch: 10, inFlight: 1 },
      same,
    );
    const answers = await Promise.allSettled([
      shifted.submit('c1', 'ctx', 'u1'),
      shifted.submit('c1', 'ctx', 'u2'),
    ]);
    expect(answers.map((a) => (a.status === 'rejected' ? (a.reason as Error).message : a.value))).toEqual([
      'the batch call returned no result for item 1 of 1',
      'the batch call returned no result for item 1 of 1',
    ]);
  });
});

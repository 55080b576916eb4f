import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fuzzReceiver } from '../src/testing';
import { tryCase } from '../src/testing/fuzz-contract';

// FUZZ_RUNS: a few hundred cases in the normal run (CI); the full chaos run calls fuzzReceiver with ≥ 100,000.
const runs = Number(process.env.FUZZ_RUNS ?? 400);
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

describe('R10 hostile input', () => {
  it('S7.1 fuzzed requests (FUZZ_RUNS of them): problem+json, 202 or the handshake; never 5xx; nothing enqueued', async () => {
    const result = await fuzzReceiver({ runs, seed });
    // the seed replays a failure: FUZZ_SEED=<seed> FUZZ_RUNS=<runs>
    expect({ seed: result.seed, failures: result.failures.slice(0, 5) }).toEqual({
      seed: result.seed,
      failures: [],
    });
    expect(result.cases).toBe(runs);
    expect(result.enqueued).toBe(0);
    // the generator reaches every kind of answer, so the checks above are not vacuous
    for (const status of ['200', '202', '400', '404']) expect(result.statuses[status]).toBeGreaterThan(0);
  }, Math.max(120_000, runs * 10));

  it('the contract check flags what breaks it (a 5xx, a stray 200, a bare 4xx, an echoed secret)', async () => {
    const answers: Record<string, [number, string, string]> = {
      '/5xx': [
        500,
        'application/problem+json',
        '{"type":"about:blank","title":"x","status":500,"detail":"x"}',
      ],
      '/stray': [200, 'application/json', '{}'],
      '/bare': [400, 'text/html', '<h1>no</h1>'],
      '/secret': [400, 'application/problem+json', '{"status":400,"title":"t","detail":"state-secret"}'],
      '/fine': [202, '', ''],
    };
    const server = http.createServer((req, res) => {
      const [status, type, body] = answers[req.url ?? ''] ?? [404, 'text/plain', ''];
      res.writeHead(status, type ? { 'content-type': type } : {}).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const agent = new http.Agent({ keepAlive: true });
    const target = { port: (server.address() as AddressInfo).port, agent };
    try {
      const check = (path: string) =>
        tryCase(target, { method: 'POST', path, query: '', headers: {}, body: '' }, 'state-secret');
      expect((await check('/5xx')).reason).toBe('answered 500');
      expect((await check('/stray')).reason).toBe('200 as application/json');
      expect((await check('/bare')).reason).toBe('400 as text/html');
      expect((await check('/secret')).reason).toBe('the answer contains the clientState');
      expect((await check('/fine')).reason).toBeUndefined();
    } finally {
      agent.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

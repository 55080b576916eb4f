import { closedLoop } from '../load/http-load';
import { oneNotificationBody } from '../load/graph-payload';
import { bareHttpAcceptRate, startBareServer } from './bare-http';

describe('bare node:http limit', () => {
  it('answers 202 to every request of a short closed loop from a generator process, at a positive rate', async () => {
    const body = oneNotificationBody();
    const result = await bareHttpAcceptRate({ bodies: [body], durationMs: 500, connections: 4 });
    expect(result.sent).toBeGreaterThan(20);
    expect(result.statuses).toEqual({ '202': result.sent });
    expect(result.ratePerSecond).toBeGreaterThan(0);
    expect(result.ratePerSecond).toBeCloseTo(result.ok / result.seconds, 6);
  });

  it('runs in a child process that is gone after stop', async () => {
    const server = await startBareServer();
    const before = await closedLoop({ url: server.url, durationMs: 100, connections: 1, body: () => '{}' });
    expect(before.failed).toBe(0);
    await server.stop();
    const after = await closedLoop({ url: server.url, durationMs: 50, connections: 1, body: () => '{}' });
    expect(after.ok).toBe(0);
    expect(after.statuses).toEqual({ error: after.sent });
  });
});

describe('oneNotificationBody', () => {
  it('is a one-notification Graph collection of about 540 bytes (with GUID ids)', () => {
    const body = oneNotificationBody({ objectId: 'u-1' });
    const parsed = JSON.parse(body) as { value: { resource: string }[] };
    expect(parsed.value).toHaveLength(1);
    expect(parsed.value[0]?.resource).toBe('Users/u-1');
    expect(Buffer.byteLength(oneNotificationBody())).toBeGreaterThan(500);
    expect(Buffer.byteLength(oneNotificationBody())).toBeLessThan(700);
  });
});

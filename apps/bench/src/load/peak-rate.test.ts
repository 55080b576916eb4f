import { closedLoop } from './http-load';
import { peakRate } from './peak-rate';
import { startBareServer } from '../limits/bare-http';

describe('peakRate', () => {
  it('loads a real server at every concurrency of the sweep, in order, and keeps the fastest', async () => {
    const server = await startBareServer();
    try {
      const seen: number[] = [];
      const rates: number[] = [];
      const peak = await peakRate([1, 4, 2], async (connections) => {
        seen.push(connections);
        const result = await closedLoop({ url: server.url, durationMs: 300, connections, body: () => '{}' });
        rates.push(result.okPerSecond);
        return result;
      });
      expect(seen).toEqual([1, 4, 2]);
      expect(peak.okPerSecond).toBe(Math.max(...rates));
      expect(peak.connections).toBe(seen[rates.indexOf(peak.okPerSecond)]);
      expect(peak.failed).toBe(0);
      expect(peak.failedInSweep).toBe(0);
    } finally {
      await server.stop();
    }
  });

  it('counts the failures of every point, not only of the peak', async () => {
    const server = await startBareServer();
    const url = server.url;
    await server.stop();
    const peak = await peakRate([1, 2], (connections) =>
      closedLoop({ url, durationMs: 50, connections, body: () => '{}' }),
    );
    expect(peak.ok).toBe(0);
    expect(peak.failedInSweep).toBeGreaterThan(peak.failed);
  });

  it('refuses an empty sweep and a concurrency that is not a whole number ≥ 1', async () => {
    const never = () => Promise.reject(new Error('not called'));
    await expect(peakRate([], never)).rejects.toThrow('at least one concurrency');
    await expect(peakRate([0], never)).rejects.toThrow('not 0');
    await expect(peakRate([1.5], never)).rejects.toThrow('not 1.5');
  });
});

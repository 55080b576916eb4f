import { Writable } from 'node:stream';
import type { SyncRun } from '../api-types';
import { barProgress, countsSummary, progressOf, statusText } from './progress';

const run = (
  status: SyncRun['status'],
  counts: Record<string, number> = {},
  error: string | null = null,
): SyncRun => ({
  id: 'r1',
  connectionId: 'c1',
  status,
  counts,
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: null,
  error,
});

describe('sync progress (S8 run counts)', () => {
  it('says what happened, only the non-zero counts', () => {
    expect(
      countsSummary({ total: 5, processed: 5, created: 2, accessChanged: 2, unchanged: 3, errors: 0 }),
    ).toBe('2 created, 2 access changed, 3 unchanged');
    expect(countsSummary({ total: 0, processed: 0 })).toBe('nothing changed');
  });

  it('has no percentage before the worker counted the scope, and 100 % once succeeded', () => {
    expect(progressOf(run('running'))).toBeNull();
    expect(progressOf(run('running', { total: 8, processed: 2 }))).toEqual({
      processed: 2,
      total: 8,
      percent: 25,
    });
    expect(progressOf(run('succeeded', { total: 0, processed: 0 }))).toEqual({
      processed: 0,
      total: 0,
      percent: 100,
    });
    // awaiting confirmation counts removals, not progress
    expect(progressOf(run('awaiting_confirmation', { total: 10, removals: 5, synced: 10 }))).toBeNull();
  });

  it('draws the bar with cli-progress on a terminal: one line redrawn in place, left on its own line', () => {
    const drawn = (...runs: SyncRun[]) => {
      const chunks: string[] = [];
      const tty = Object.assign(
        new Writable({
          write(chunk, _encoding, done) {
            chunks.push(String(chunk));
            done();
          },
        }),
        { isTTY: true, columns: 120 },
      );
      const view = barProgress(tty);
      for (const r of runs) view.update(r);
      view.end();
      // ESC shown as ⎋, so the terminal sequences can be read in the expectations
      return chunks.join('').replaceAll('\x1b', '⎋');
    };
    // the state alone while waiting; the last state is drawn when the view ends, then a new line
    const waited = drawn(run('queued'), run('succeeded', { total: 4, processed: 4, created: 4 }));
    expect(waited).toMatch(/⎋\[1G\[░{24}\] queued, waiting for a worker · [\d.]+ s⎋\[0K/);
    expect(waited).toMatch(/⎋\[1G\[█{24}\] 100% 4\/4 users · 4 created · [\d.]+ s⎋\[0K[^\n]*\n$/);
    expect(drawn(run('running', { total: 4, processed: 1 }))).toMatch(
      /\[█{6}░{18}\] {2}25% 1\/4 users · running · [\d.]+ s/,
    );
    // nothing drawn, nothing to end
    expect(drawn()).toBe('');
  });

  it('plain lines name the state and the reason of a failure', () => {
    expect(statusText(run('running', { total: 10, processed: 4 }))).toBe('running, 4/10 users');
    expect(statusText(run('failed', {}, 'Graph 404 Request_ResourceNotFound'))).toBe(
      'failed: Graph 404 Request_ResourceNotFound',
    );
    expect(statusText(run('awaiting_confirmation'))).toBe('stopped for confirmation (S8)');
  });
});

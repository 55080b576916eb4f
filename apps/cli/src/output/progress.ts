import type { Writable } from 'node:stream';
import { Format, SingleBar } from 'cli-progress';
import type { SyncRun } from '../api-types';
import { span } from './format';

const COUNTS: readonly [key: string, label: string][] = [
  ['created', 'created'],
  ['merged', 'merged'],
  ['updated', 'updated'],
  ['deactivated', 'deactivated'],
  ['reactivated', 'reactivated'],
  ['archived', 'archived'],
  ['accessChanged', 'access changed'],
  ['unchanged', 'unchanged'],
  ['conflicts', 'conflicts'],
  ['errors', 'errors'],
];

/** `12 created, 3 updated, 385 unchanged` — only what happened. */
export function countsSummary(counts: Record<string, number>): string {
  const parts = COUNTS.filter(([key]) => (counts[key] ?? 0) > 0).map(
    ([key, label]) => `${counts[key]} ${label}`,
  );
  return parts.length > 0 ? parts.join(', ') : 'nothing changed';
}

/** processed of total users, once the worker has read the scope (S8 run counts). */
export function progressOf(run: SyncRun): { processed: number; total: number; percent: number } | null {
  if (run.status === 'awaiting_confirmation') return null;
  const total = run.counts.total;
  if (typeof total !== 'number') return null;
  const processed = run.status === 'succeeded' ? total : Math.min(run.counts.processed ?? 0, total);
  return { processed, total, percent: total === 0 ? 100 : Math.floor((processed / total) * 100) };
}

export function statusText(run: SyncRun): string {
  const progress = progressOf(run);
  switch (run.status) {
    case 'queued':
      return 'queued, waiting for a worker';
    case 'running':
      return progress
        ? `running, ${progress.processed}/${progress.total} users`
        : 'running, reading the directory';
    case 'succeeded':
      return `succeeded, ${progress?.total ?? 0} users: ${countsSummary(run.counts)}`;
    case 'failed':
      return `failed: ${run.error ?? 'no reason given'}`;
    case 'awaiting_confirmation':
      return 'stopped for confirmation (S8)';
  }
}

/** `[██████░░░░░░]  50% 200/400 users · running · 3 s`, or the state alone before the worker has counted */
export function barLine(run: SyncRun, elapsedSeconds: number, bar: string): string {
  const progress = progressOf(run);
  const amount = progress
    ? `${String(progress.percent).padStart(3)}% ${progress.processed}/${progress.total} users · `
    : '';
  const state =
    run.status === 'succeeded' ? countsSummary(run.counts) : progress ? run.status : statusText(run);
  return `[${bar}] ${amount}${state} · ${span(elapsedSeconds)}`;
}

export interface ProgressView {
  update(run: SyncRun): void;
  /** leaves the terminal on a fresh line */
  end(): void;
}

/**
 * A terminal: cli-progress redraws one line in place (at most 10 times a second, so the elapsed time ticks between
 * polls) and leaves it on its own line at the end.
 */
export function barProgress(stream: Writable): ProgressView {
  const bar = new SingleBar({
    stream: stream as NodeJS.WritableStream,
    barsize: 24,
    barCompleteChar: '█',
    barIncompleteChar: '░',
    format: (options, params, payload: { run: SyncRun }) =>
      barLine(
        payload.run,
        (Date.now() - params.startTime) / 1000,
        Format.BarFormat(params.progress, options),
      ),
  });
  let started = false;
  return {
    update(run) {
      const percent = progressOf(run)?.percent ?? 0;
      if (started) bar.update(percent, { run });
      else bar.start(100, percent, { run });
      started = true;
    },
    end() {
      if (started) bar.stop();
      started = false;
    },
  };
}

/** Not a terminal (CI logs, pipes): a plain line whenever the status changes, and at most every `everyMs` while counting. */
export function lineProgress(stream: Writable, label: string, everyMs = 2000): ProgressView {
  let last = '';
  let lastStatus = '';
  let lastAt = 0;
  return {
    update(run) {
      const text = statusText(run);
      const changedStatus = run.status !== lastStatus;
      if (text === last || (!changedStatus && Date.now() - lastAt < everyMs)) return;
      stream.write(`${label}: ${text}\n`);
      last = text;
      lastStatus = run.status;
      lastAt = Date.now();
    },
    end() {},
  };
}

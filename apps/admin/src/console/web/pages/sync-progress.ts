/// <reference lib="dom" />
import { api, describeError, get } from '../api';
import { announce, h } from '../dom';
import { plural } from '../format';
import type { Connection, SyncRun } from '../types';

const DONE = new Set<SyncRun['status']>(['succeeded', 'failed', 'awaiting_confirmation']);
const COUNT_LABELS: Array<[string, string]> = [
  ['created', 'created'],
  ['merged', 'merged'],
  ['updated', 'updated'],
  ['deactivated', 'deactivated'],
  ['reactivated', 'reactivated'],
  ['archived', 'archived'],
  ['accessChanged', 'access changed'],
  ['held', 'held for confirmation'],
  ['conflicts', 'conflicts'],
  ['errors', 'errors'],
];

/** "3 created, 1 updated": the non-zero counts of a run. */
export function countsText(counts: Record<string, number>): string {
  const parts = COUNT_LABELS.filter(([key]) => (counts[key] ?? 0) > 0).map(
    ([key, label]) => `${counts[key]} ${label}`,
  );
  return parts.length > 0 ? parts.join(', ') : 'no changes';
}

/**
 * S8 "Sync" with live progress: starts the run, then polls `/api/sync-runs/:id` once a second and draws a
 * `<progress>` until the run ends. Runs keep going when the page is left; only the drawing stops.
 */
export class SyncProgress {
  readonly element = h('section', { className: 'sync-runs', 'aria-label': 'Sync progress' });
  private readonly rows = new Map<string, HTMLElement>();

  constructor(private readonly every: (ms: number, task: () => Promise<void>) => void) {}

  async start(connection: Connection): Promise<void> {
    const row = this.rowFor(connection);
    row.replaceChildren(h('p', {}, `${connection.name}: starting a sync…`));
    try {
      const { runId } = await api<{ runId: string }>('POST', `/api/connections/${connection.id}/sync`, {});
      announce(`Sync of ${connection.name} queued.`);
      await this.follow(connection, runId);
    } catch (err) {
      row.replaceChildren(h('p', { className: 'error-text' }, `${connection.name}: ${describeError(err)}`));
    }
  }

  private async follow(connection: Connection, runId: string): Promise<void> {
    let finished = false;
    const poll = async () => {
      if (finished) return;
      const run = await get<SyncRun>(`/api/sync-runs/${runId}`).catch(() => null);
      if (!run || finished) return;
      this.draw(connection, run);
      if (DONE.has(run.status)) {
        finished = true;
        announce(`Sync of ${connection.name} ${run.status.replace('_', ' ')}.`);
      }
    };
    await poll();
    this.every(1000, poll);
  }

  private draw(connection: Connection, run: SyncRun): void {
    const row = this.rowFor(connection);
    const total = run.counts.total;
    const processed =
      run.status === 'succeeded' ? (total ?? 0) : Math.min(run.counts.processed ?? 0, total ?? 0);
    const label = `${connection.name}: sync ${run.status.replace('_', ' ')}`;
    const progress = h('progress', { 'aria-label': `Sync of ${connection.name}` });
    if (total !== undefined) {
      progress.max = Math.max(total, 1);
      progress.value = total === 0 ? 1 : processed;
    }
    const detail =
      run.status === 'succeeded' || run.status === 'awaiting_confirmation'
        ? `${plural(total ?? 0, 'user')}: ${countsText(run.counts)}`
        : total !== undefined
          ? `${processed} of ${plural(total, 'user')}`
          : 'waiting for a worker';
    const children: Array<HTMLElement | string> = [
      h('strong', {}, label),
      ' ',
      progress,
      ' ',
      h('span', {}, detail),
    ];
    if (run.error) children.push(h('p', { className: 'error-text' }, run.error));
    if (run.status === 'awaiting_confirmation')
      children.push(h('a', { href: '#/confirmations' }, 'Review the held removals'));
    row.replaceChildren(...children);
    row.dataset.status = run.status;
  }

  private rowFor(connection: Connection): HTMLElement {
    let row = this.rows.get(connection.id);
    if (!row) {
      row = h('div', { className: 'sync-run', 'data-connection': connection.id });
      this.rows.set(connection.id, row);
      this.element.append(row);
    }
    return row;
  }
}

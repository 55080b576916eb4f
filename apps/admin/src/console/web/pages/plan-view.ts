/// <reference lib="dom" />
import type { PlanOp, PreviewResult } from '../types';
import { h, table } from '../dom';

const SUMMARY_LABELS: Array<[keyof PreviewResult['summary'], string]> = [
  ['created', 'Created'],
  ['merged', 'Merged'],
  ['updated', 'Updated'],
  ['archived', 'Archived (S6.2)'],
  ['deactivated', 'Deactivated'],
  ['reactivated', 'Reactivated'],
  ['accessChanged', 'Access changed'],
  ['conflicts', 'Conflicts'],
  ['errors', 'Errors'],
  ['unchanged', 'Unchanged'],
];

/** The steps of one plan as a list: "update — S4.3 … (firstName, email)". */
export function opsList(ops: PlanOp[]): HTMLElement {
  const visible = ops.filter((op) => op.type !== 'noop');
  if (visible.length === 0) return h('span', {}, 'nothing to do');
  return h(
    'ul',
    { className: 'ops' },
    ...visible.map((op) =>
      h(
        'li',
        {},
        h('strong', {}, op.type),
        'kind' in op ? ` ${op.kind}` : '',
        'changes' in op ? ` (${Object.keys(op.changes).join(', ')})` : '',
        'username' in op && op.username ? ` → ${op.username}` : '',
        ` — ${op.reason}`,
      ),
    ),
  );
}

/** What a sync with the proposed rules would do, as the preview endpoint answers it. */
export function previewView(result: PreviewResult): HTMLElement {
  const counts = h(
    'dl',
    { className: 'summary' },
    ...SUMMARY_LABELS.map(([key, label]) =>
      h('div', {}, h('dt', {}, label), h('dd', {}, String(result.summary[key]))),
    ),
  );
  const rows = result.users.map((u) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, u.email ?? u.userPrincipalName ?? u.objectId),
      h('td', {}, u.outcome),
      h('td', {}, 'ops' in u ? opsList(u.ops) : (u.error ?? '')),
    ),
  );
  return h(
    'div',
    { className: 'preview' },
    h(
      'p',
      {},
      `${result.evaluated} users evaluated (${result.fromGraph} read from Graph). Nothing was written.`,
    ),
    counts,
    ...result.warnings.map((w) => h('p', { className: 'hint' }, w)),
    rows.length > 0
      ? table('Users the change affects', ['User', 'Outcome', 'Steps'], rows)
      : h('p', {}, 'No user would change.'),
  );
}

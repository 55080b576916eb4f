/// <reference lib="dom" />
import type { Explanation } from '../types';
import { h, table } from '../dom';
import { when } from '../format';
import { opsList } from './plan-view';

/** GET /api/explain drawn for people: the summary, then per directory user its groups and the rules in S1.2 order. */
export function explainView(result: Explanation): HTMLElement {
  return h(
    'div',
    { className: 'explain' },
    h('ul', { className: 'summary-lines' }, ...result.summary.map((line) => h('li', {}, line))),
    ...result.directoryUsers.map((u) =>
      h(
        'section',
        { className: 'card', 'aria-label': `Directory user ${u.objectId}` },
        h('h3', {}, `${u.connectionName ?? u.connectionId}: ${u.objectId}${u.deleted ? ' (deleted)' : ''}`),
        h('p', {}, u.explanation),
        h(
          'p',
          { className: 'hint' },
          `Last observed ${when(u.observedAt)}; ${u.inScope === null ? 'never synced' : u.inScope ? 'in scope' : 'out of scope'}; groups: ${
            u.groups.map((g) => `${g.groupId} (${g.membership})`).join(', ') || 'none'
          }`,
        ),
        u.matchingRules.length > 0
          ? table(
              'Matching rules, in precedence order (S1.2)',
              ['Rank', 'Rule', 'Group', 'Order', 'Target', 'Membership', 'Why'],
              u.matchingRules.map((r) =>
                h(
                  'tr',
                  { className: r.wins ? 'winner' : '' },
                  h('th', { scope: 'row' }, r.wins ? `${r.rank} (wins)` : String(r.rank)),
                  h('td', {}, String(r.ruleId)),
                  h('td', {}, h('code', {}, r.groupId)),
                  h('td', {}, String(r.order)),
                  h('td', {}, r.target),
                  h('td', {}, r.membership),
                  h('td', {}, r.reason),
                ),
              ),
            )
          : h('p', {}, 'No rule matches: the user is out of scope (S1.1).'),
        h('h4', {}, `Next sync: ${u.nextSync.outcome}`),
        opsList(u.nextSync.ops),
      ),
    ),
  );
}

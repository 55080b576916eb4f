import type { Explanation } from '../api-types';
import { when } from '../output/format';
import { cell } from '../output/table';

/** The explanation as indented text: summary, each directory user with its rules, records, last audit entries. */
export function explainText(e: Explanation, now = Date.now()): string {
  const lines = [`Why ${e.email} has the record and access it has`, ''];
  for (const s of e.summary) lines.push(`  ${s}`);
  for (const u of e.directoryUsers) {
    const who = u.user?.userPrincipalName ?? u.objectId;
    lines.push(
      '',
      `Directory user ${who} in ${u.connectionName ?? u.connectionId} (object ${u.objectId})${u.deleted ? ', deleted' : ''}`,
    );
    const groups = u.groups.map((g) => `${g.groupId} (${g.membership})`).join(', ');
    lines.push(`  groups: ${groups || 'none'}`);
    if (u.matchingRules.length === 0) lines.push(`  ${u.explanation}`);
    if (u.matchingRules.length > 0) {
      lines.push('  matching rules, S1.2 precedence:');
      for (const r of u.matchingRules)
        lines.push(
          `    ${r.rank}. rule ${r.ruleId}  order ${r.order}  ${r.target}  group ${r.groupId} (${r.membership})${r.wins ? '  ← wins' : ''}`,
        );
    }
    const ops = u.nextSync.ops.filter((op) => op.type !== 'noop');
    lines.push(`  next sync: ${u.nextSync.outcome}${ops.length === 0 ? '' : ':'}`);
    for (const op of ops) lines.push(`    - ${op.type}: ${cell(op.reason, 120)}`);
  }
  if (e.audit.length > 0) {
    lines.push('', 'Last audit entries (newest first)');
    for (const a of e.audit)
      lines.push(
        `  ${when(a.at, now)}  ${a.action}${a.recordKind ? `  ${a.recordKind} ${a.recordId ?? ''}` : ''}  ${cell(a.reason, 120)}`,
      );
  }
  return lines.join('\n');
}

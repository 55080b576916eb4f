import {
  createRule,
  deleteRule,
  getConnection,
  getConnectionCredentials,
  getRule,
  listRules,
  updateRule,
  type Connection,
  type Db,
  type RuleInput,
  type SecretBox,
} from '@entra-sync/db';
import type { MappingRule } from '@entra-sync/domain';
import type { GraphClient, GraphFailure } from '@entra-sync/graph';
import type { Producer } from '@entra-sync/queues';
import type { Invalid } from './catalog-checks';
import type { GraphAccess } from './graph-access';
import { checkGroup, checkRule } from './rule-checks';
import { resyncAfterChange } from './sync.service';

export interface RuleDeps {
  db: Db;
  box: SecretBox;
  producer: Producer;
  graph: GraphAccess;
}

export type RuleWriteOutcome =
  | { kind: 'saved'; rule: MappingRule; syncRunId: string | null }
  | { kind: 'not-found'; what: 'connection' | 'rule' }
  | { kind: 'invalid'; problems: Invalid[] }
  | { kind: 'not-staff-tenant'; connectionId: string }
  | { kind: 'group-not-found'; groupId: string }
  | { kind: 'graph-unavailable'; failure: GraphFailure };

export async function rulesOf(db: Db, connectionId: string): Promise<MappingRule[] | null> {
  if (!(await getConnection(db, connectionId))) return null;
  return listRules(db, connectionId);
}

export async function addRule(
  deps: RuleDeps,
  connectionId: string,
  input: RuleInput,
): Promise<RuleWriteOutcome> {
  const target = await connectionClient(deps, connectionId);
  if (!target) return { kind: 'not-found', what: 'connection' };
  const { connection, client } = target;
  if (input.target === 'employee' && !connection.staffTenant)
    return { kind: 'not-staff-tenant', connectionId };
  const refused = await refusal(deps, client, input, true);
  if (refused) return refused;
  const rule = await createRule(deps.db, connectionId, input);
  return { kind: 'saved', rule, syncRunId: await resyncAfterChange(deps, connectionId, 'rule-change') };
}

export async function changeRule(
  deps: RuleDeps,
  id: number,
  patch: Partial<RuleInput>,
): Promise<RuleWriteOutcome> {
  const current = await getRule(deps.db, id);
  if (!current) return { kind: 'not-found', what: 'rule' };
  const target = await connectionClient(deps, current.connectionId);
  if (!target) return { kind: 'not-found', what: 'rule' };
  const { connection, client } = target;
  const merged: RuleInput = { ...inputOf(current), ...patch };
  // switching target clears what only the old target used, unless the patch sets it
  if (patch.target === 'employee' && current.target === 'contact') {
    merged.accountId = patch.accountId ?? null;
    merged.portalAccess = patch.portalAccess ?? false;
    merged.portalRole = patch.portalRole ?? null;
  } else if (patch.target === 'contact' && current.target === 'employee') {
    merged.securityRole = patch.securityRole ?? null;
    merged.modules = patch.modules ?? [];
  }
  if (merged.target === 'employee' && !connection.staffTenant)
    return { kind: 'not-staff-tenant', connectionId: connection.id };
  const refused = await refusal(deps, client, merged, merged.groupId !== current.groupId);
  if (refused) return refused;
  const rule = await updateRule(deps.db, id, merged);
  if (!rule) return { kind: 'not-found', what: 'rule' };
  return { kind: 'saved', rule, syncRunId: await resyncAfterChange(deps, rule.connectionId, 'rule-change') };
}

export type RuleDeleteOutcome = { kind: 'deleted'; syncRunId: string | null } | { kind: 'not-found' };

export async function removeRule(deps: RuleDeps, id: number): Promise<RuleDeleteOutcome> {
  const current = await getRule(deps.db, id);
  if (!current || !(await deleteRule(deps.db, id))) return { kind: 'not-found' };
  // S5.3: users only this rule kept in scope lose their access on the re-evaluation
  return { kind: 'deleted', syncRunId: await resyncAfterChange(deps, current.connectionId, 'rule-change') };
}

async function refusal(
  deps: RuleDeps,
  client: GraphClient,
  rule: RuleInput,
  checkTenant: boolean,
): Promise<RuleWriteOutcome | null> {
  const problems = await checkRule(deps.db, rule);
  if (problems.length > 0) return { kind: 'invalid', problems };
  if (!checkTenant) return null;
  const group = await checkGroup(client, rule.groupId);
  if (group.kind === 'missing') return { kind: 'group-not-found', groupId: rule.groupId };
  if (group.kind === 'unreachable') return { kind: 'graph-unavailable', failure: group.failure };
  return null;
}

async function connectionClient(
  deps: RuleDeps,
  connectionId: string,
): Promise<{ connection: Connection; client: GraphClient } | null> {
  const connection = await getConnection(deps.db, connectionId);
  const stored = connection && (await getConnectionCredentials(deps.db, deps.box, connectionId));
  if (!connection || !stored) return null;
  const client = deps.graph.connectionClient(connectionId, connection.updatedAt, {
    tenant: stored.tenantId ?? stored.tenant,
    clientId: stored.clientId,
    clientSecret: stored.clientSecret,
  });
  return { connection, client };
}

export const inputOf = (rule: MappingRule): RuleInput => ({
  groupId: rule.groupId,
  order: rule.order,
  target: rule.target,
  accountId: rule.accountId,
  securityRole: rule.securityRole,
  modules: rule.modules,
  portalAccess: rule.portalAccess,
  portalRole: rule.portalRole,
  transitive: rule.transitive,
});

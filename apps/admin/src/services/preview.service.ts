import {
  dryRunBatch,
  getConnection,
  getConnectionCredentials,
  getEmployeeDefaults,
  listRules,
  type Db,
  type RuleInput,
  type SecretBox,
} from '@entra-sync/db';
import { emailOf, type DirectoryObservation, type MappingRule } from '@entra-sync/domain';
import { planView } from '../views/plan.view';
import { ruleView } from '../views/rule.view';
import type { Invalid } from './catalog-checks';
import type { GraphAccess } from './graph-access';
import { previewDirectory } from './preview-directory';
import { checkRule } from './rule-checks';
import { summarise } from './preview-summary';

export type ProposedRule = RuleInput & { id?: number };

export type PreviewOutcome =
  | { kind: 'preview'; result: Awaited<ReturnType<typeof runPreview>> }
  | { kind: 'not-found' }
  | { kind: 'invalid'; problems: Invalid[] };

export interface PreviewDeps {
  db: Db;
  box: SecretBox;
  graph: GraphAccess;
}

/**
 * POST /api/connections/:id/rules/preview: what a sync (S8) with this rule set would do, WITHOUT writing: the real
 * apply step as a dry run (`dryRunBatch`), so later users see what earlier ones would have changed (archived
 * names, freed usernames) exactly as a sync would.
 */
export async function previewRules(
  deps: PreviewDeps,
  connectionId: string,
  proposed: ProposedRule[],
  now: Date,
): Promise<PreviewOutcome> {
  const connection = await getConnection(deps.db, connectionId);
  if (!connection) return { kind: 'not-found' };
  const existing = await listRules(deps.db, connectionId);
  const problems: Invalid[] = [];
  for (const [i, rule] of proposed.entries()) {
    problems.push(...(await checkRule(deps.db, rule, `body.rules.${i}.`)));
    if (rule.id !== undefined && !existing.some((r) => r.id === rule.id))
      problems.push({
        field: `body.rules.${i}.id`,
        message: `rule ${rule.id} is not a rule of this connection`,
      });
  }
  if (problems.length > 0) return { kind: 'invalid', problems };
  const rules = asRules(connectionId, proposed, existing, now);
  const stored = await getConnectionCredentials(deps.db, deps.box, connectionId);
  const client =
    stored && connection.status !== 'disabled'
      ? deps.graph.connectionClient(connectionId, connection.updatedAt, {
          tenant: stored.tenantId ?? stored.tenant,
          clientId: stored.clientId,
          clientSecret: stored.clientSecret,
        })
      : null;
  const directory = await previewDirectory(deps.db, client, connectionId, rules, now);
  return {
    kind: 'preview',
    result: await runPreview(deps.db, connectionId, rules, directory.observations, { ...directory }),
  };
}

/** Kept rules keep their id and age (S1.2 tie-break); new ones rank as created now, in the order given. */
function asRules(
  connectionId: string,
  proposed: ProposedRule[],
  existing: MappingRule[],
  now: Date,
): MappingRule[] {
  let nextId = existing.reduce((max, r) => Math.max(max, r.id), 0);
  return proposed.map((input, i) => {
    const kept = input.id !== undefined ? existing.find((r) => r.id === input.id) : undefined;
    return {
      id: kept?.id ?? ++nextId,
      connectionId,
      createdAt: kept?.createdAt ?? new Date(now.getTime() + i),
      groupId: input.groupId,
      order: input.order,
      target: input.target,
      accountId: input.accountId ?? null,
      securityRole: input.securityRole ?? null,
      modules: input.modules ?? [],
      portalAccess: input.portalAccess ?? false,
      portalRole: input.portalRole ?? null,
      transitive: input.transitive ?? false,
    };
  });
}

async function runPreview(
  db: Db,
  connectionId: string,
  rules: MappingRule[],
  observations: DirectoryObservation[],
  directory: { fromGraph: number; warnings: string[] },
) {
  const defaults = await getEmployeeDefaults(db);
  const staffTenant = (await getConnection(db, connectionId))?.staffTenant ?? false;
  const users = observations.map((observation) => ({ observation, trigger: 'reconcile' as const }));
  const plans = await dryRunBatch(db, { connectionId, staffTenant, rules, defaults }, users);
  return {
    connectionId,
    rules: rules.map(ruleView),
    evaluated: observations.length,
    fromGraph: directory.fromGraph,
    summary: summarise(plans.map((p) => p.plan)),
    users: plans
      .filter((p) => p.plan === null || p.plan.outcome !== 'unchanged')
      .map(({ observation, plan, error }) => ({
        objectId: observation.objectId,
        userPrincipalName: observation.state === 'present' ? observation.user.userPrincipalName : null,
        email: observation.state === 'present' ? emailOf(observation.user) : null,
        ...(plan ? planView(plan) : { outcome: 'error' as const, error }),
      })),
    warnings: directory.warnings,
  };
}

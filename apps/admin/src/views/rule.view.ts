import type { MappingRule } from '@entra-sync/domain';

export const ruleView = (r: MappingRule) => ({
  id: r.id,
  connectionId: r.connectionId,
  groupId: r.groupId,
  order: r.order,
  target: r.target,
  accountId: r.accountId,
  securityRole: r.securityRole,
  modules: [...r.modules],
  portalAccess: r.portalAccess,
  portalRole: r.portalRole,
  transitive: r.transitive,
  createdAt: r.createdAt,
});

import type { Rule } from '@entra-sync/api-contract';
import type { MappingRule } from '@entra-sync/domain';
import type { z } from 'zod';

export const ruleView = (r: MappingRule): z.output<typeof Rule> => ({
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

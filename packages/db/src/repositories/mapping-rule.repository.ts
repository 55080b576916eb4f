import { type Kysely, type Selectable } from 'kysely';
import type { MappingRule, RecordKind } from '@entra-sync/domain';
import type { Database } from '../tables/database';
import type { MappingRuleTable } from '../tables/mapping-rule.table';

export const toMappingRule = (row: Selectable<MappingRuleTable>): MappingRule => ({
  id: Number(row.id),
  connectionId: row.connection_id,
  groupId: row.group_id,
  order: row.order,
  createdAt: row.created_at,
  target: row.target,
  accountId: row.account_id,
  securityRole: row.security_role,
  modules: row.modules,
  portalAccess: row.portal_access,
  portalRole: row.portal_role,
  transitive: row.transitive,
});

export interface RuleInput {
  groupId: string;
  order: number;
  target: RecordKind;
  accountId?: string | null;
  securityRole?: string | null;
  modules?: readonly string[];
  portalAccess?: boolean;
  portalRole?: string | null;
  transitive?: boolean;
}

const toColumns = (input: Partial<RuleInput>) => ({
  ...(input.groupId !== undefined ? { group_id: input.groupId } : {}),
  ...(input.order !== undefined ? { order: input.order } : {}),
  ...(input.target !== undefined ? { target: input.target } : {}),
  ...(input.accountId !== undefined ? { account_id: input.accountId } : {}),
  ...(input.securityRole !== undefined ? { security_role: input.securityRole } : {}),
  ...(input.modules !== undefined ? { modules: [...input.modules] } : {}),
  ...(input.portalAccess !== undefined ? { portal_access: input.portalAccess } : {}),
  ...(input.portalRole !== undefined ? { portal_role: input.portalRole } : {}),
  ...(input.transitive !== undefined ? { transitive: input.transitive } : {}),
});

/** A connection's rules in precedence order (S1.2: order, then oldest, then smallest id). */
export async function listRules(db: Kysely<Database>, connectionId: string): Promise<MappingRule[]> {
  const rows = await db
    .selectFrom('mapping_rules')
    .selectAll()
    .where('connection_id', '=', connectionId)
    .orderBy('order')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toMappingRule);
}

export async function getRule(db: Kysely<Database>, id: number): Promise<MappingRule | null> {
  const row = await db
    .selectFrom('mapping_rules')
    .selectAll()
    .where('id', '=', String(id))
    .executeTakeFirst();
  return row ? toMappingRule(row) : null;
}

export async function createRule(
  db: Kysely<Database>,
  connectionId: string,
  input: RuleInput,
): Promise<MappingRule> {
  const row = await db
    .insertInto('mapping_rules')
    .values({
      ...toColumns(input),
      connection_id: connectionId,
      group_id: input.groupId,
      order: input.order,
      target: input.target,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toMappingRule(row);
}

export async function updateRule(
  db: Kysely<Database>,
  id: number,
  patch: Partial<RuleInput>,
): Promise<MappingRule | null> {
  const columns = toColumns(patch);
  if (Object.keys(columns).length === 0) return getRule(db, id);
  const row = await db
    .updateTable('mapping_rules')
    .set(columns)
    .where('id', '=', String(id))
    .returningAll()
    .executeTakeFirst();
  return row ? toMappingRule(row) : null;
}

export async function deleteRule(db: Kysely<Database>, id: number): Promise<boolean> {
  const result = await db.deleteFrom('mapping_rules').where('id', '=', String(id)).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

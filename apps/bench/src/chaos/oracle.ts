import { sql } from 'kysely';
import { listLinks, listRecords, loadSyncContext, type Db } from '@entra-sync/db';
import {
  isWriteOp,
  planUser,
  RecordWorld,
  type DirectoryObservation,
  type PersonRecord,
  type PlanOp,
} from '@entra-sync/domain';

export interface OracleResult {
  /** directory users compared (present and deleted) */
  users: number;
  /** users the directory puts in scope but whose record or link is missing (the domain would create or merge) */
  lost: number;
  /** extra records: more than one active record of a kind for one e-mail, counted beyond the first */
  duplicated: number;
  /** fields, statuses and logins the domain would still change, over every user */
  staleFields: number;
  /** users with at least one stale field */
  staleUsers: number;
  /** the first few differences, for the report */
  examples: string[];
}

const EVERYTHING = 10_000_000;
const EXAMPLES = 10;

/** What one write op says is missing or wrong; `update` counts each field it would write. */
function classify(op: PlanOp): { lost: boolean; stale: number } {
  switch (op.type) {
    case 'create':
    case 'merge':
      return { lost: true, stale: 0 };
    case 'update':
      return { lost: false, stale: Object.keys(op.changes).length + (op.accountId === undefined ? 0 : 1) };
    default:
      return { lost: false, stale: isWriteOp(op) ? 1 : 0 };
  }
}

/**
 * The oracle: the domain's planner (the reference semantics `simulate` runs) over every record and link as
 * stored, asked what it would still do about each user of the final directory. A converged system is a fixed
 * point: every plan writes nothing. A create or merge is a lost user, an update names stale fields, a
 * (de)activation, archive or login change is a stale status or login. Duplicates are counted from the records.
 */
export async function compareWithDirectory(
  db: Db,
  connectionId: string,
  observations: readonly DirectoryObservation[],
): Promise<OracleResult> {
  // the worker's own context: rules, employee defaults and whether the connection is the staff tenant (S3.4)
  const context = await loadSyncContext(db, connectionId);
  const records: PersonRecord[] = [
    ...(await listRecords(db, 'employee', { limit: EVERYTHING })),
    ...(await listRecords(db, 'contact', { limit: EVERYTHING })),
  ];
  const world = new RecordWorld(records, await listLinks(db, connectionId));
  const result: OracleResult = {
    users: 0,
    lost: 0,
    duplicated: 0,
    staleFields: 0,
    staleUsers: 0,
    examples: [],
  };
  for (const observation of observations) {
    result.users++;
    const input = world.planInput(context, { observation, trigger: 'change' });
    const plan = planUser(input);
    let lost = false;
    let stale = 0;
    for (const op of plan.ops) {
      const c = classify(op);
      lost ||= c.lost;
      stale += c.stale;
    }
    const link = input.link?.link;
    if (!lost && link && plan.link && link.inScope !== plan.link.inScope) stale++;
    if (lost) result.lost++;
    else if (stale > 0) {
      result.staleFields += stale;
      result.staleUsers++;
    }
    if ((lost || stale > 0) && result.examples.length < EXAMPLES)
      result.examples.push(
        `${observation.objectId} (${observation.state}): ${plan.ops
          .filter(isWriteOp)
          .map((op) => (op.type === 'update' ? `update ${Object.keys(op.changes).join(',')}` : op.type))
          .join('; ')}`,
      );
  }
  result.duplicated = await duplicatedRecords(db);
  return result;
}

/**
 * Active records of one kind sharing an e-mail, beyond the first: what a create that should have been a merge
 * (S3.2) leaves, e.g. when a retried apply does not see its own first commit. Across kinds it is no duplicate: a
 * pre-existing contact the connection's rules do not reach stays beside the employee its user becomes (S3.4).
 */
export async function duplicatedRecords(db: Db): Promise<number> {
  const { rows } = await sql<{ extra: string | null }>`
    select sum(n - 1) as extra from (
      select count(*) as n from (
        select 'employee' as kind, lower(trim(email)) as email from employees where status = 'active' and email is not null
        union all
        select 'contact', lower(trim(email)) from contacts where status = 'active' and email is not null
      ) people group by kind, email having count(*) > 1
    ) dup`.execute(db);
  return Number(rows[0]?.extra ?? 0);
}

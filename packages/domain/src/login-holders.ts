import { archiveNames } from './archive-name';
import { clean, normaliseEmail } from './mapping';
import type { PlanOp } from './plan.types';
import { inReach, outsideReachConflict, reachOfInput } from './reach';
import {
  compareIds,
  describeRecord,
  isRoot,
  linkedElsewhere,
  recordKey,
  sameUsername,
  type Party,
} from './record-ref';
import type { ContactRecord, EmployeeRecord, MappingRule, PersonRecord, PlanInput } from './types';

export interface HolderContext {
  input: PlanInput;
  self: Party;
  rule: MappingRule;
  username: string | null;
  /** normalised */
  email: string | null;
  /** the record the user is synced into; null when it is created */
  target: PersonRecord | null;
}

export interface HolderPlan {
  /** archive / removePortalLogin of other records, to run before create|merge */
  ops: PlanOp[];
  /** D8 / D9 conflicts, logged at the end of the plan */
  conflicts: PlanOp[];
  /** the user's record gets no login: its username (or e-mail, D8) is held by a record sync must not touch */
  loginBlocked: boolean;
}

export function archiveOp(employee: EmployeeRecord, taken: string[], because: string): PlanOp {
  const names = archiveNames(employee.login?.username ?? null, clean(employee.email), taken);
  for (const name of [names.username, names.email]) if (name !== null) taken.push(name);
  return {
    type: 'archive',
    record: { kind: 'employee', id: employee.id },
    username: names.username,
    email: names.email,
    reason: `S6.2 archived ${describeRecord(employee)} with suffix ${names.suffix}: ${because}`,
  };
}

const removeLoginOp = (contact: ContactRecord, because: string): PlanOp => ({
  type: 'removePortalLogin',
  record: { kind: 'contact', id: contact.id },
  reason: `S6.3 removed the portal login of ${describeRecord(contact)}, contact kept: ${because}`,
});

/** S6.2 / S6.3 / D7–D10: what happens to the records that stand in the way of the user's record and login. */
export function planHolders(ctx: HolderContext): HolderPlan {
  const { input, self, rule, username, target } = ctx;
  const plan: HolderPlan = { ops: [], conflicts: [], loginBlocked: false };
  const done = new Set<string>(target ? [recordKey(target)] : []);
  const taken = [...input.takenArchiveNames];
  const tag = `rule #${rule.id}`;
  const who = `directory user ${self.objectId}`;
  const withoutLogin = `the ${rule.target} of ${who} is synced without a login (${tag})`;
  const block = (holder: PersonRecord, why: string): void => {
    plan.loginBlocked = true;
    plan.conflicts.push({ type: 'conflict', recordId: holder.id, reason: `${why}; ${withoutLogin}` });
  };
  const reach = reachOfInput(input);
  /** S3.4: a holder outside the reach keeps its login and name; the user's record goes without a login. */
  const refuse = (holder: PersonRecord, attempt: string): void => {
    plan.loginBlocked = true;
    plan.conflicts.push(outsideReachConflict(reach, holder, attempt, `nothing taken; ${withoutLogin}`));
  };

  const old = input.link?.record;
  if (old && !done.has(recordKey(old))) {
    if (old.kind === 'employee' && rule.target === 'contact' && !old.isRoot && old.status !== 'archived') {
      plan.ops.push(archiveOp(old, taken, `D7 ${who} left the staff, it now maps to a contact by ${tag}`));
      done.add(recordKey(old));
    } else if (old.kind === 'contact' && rule.target === 'employee' && old.login !== null) {
      plan.ops.push(removeLoginOp(old, `D10 ${who} now maps to an employee by ${tag}`));
      done.add(recordKey(old));
    }
  }
  if ((target && isRoot(target)) || username === null) return plan;

  const holder = input.usernameHolder;
  const heldName = holder && sameUsername(holder.login?.username, username) && !done.has(recordKey(holder));
  if (rule.target === 'employee') {
    if (!holder || !heldName) return plan;
    if (holder.kind === 'employee')
      block(holder, `D9 conflict: ${describeRecord(holder)} already holds username ${username}`);
    else if (linkedElsewhere(holder, self)) {
      block(
        holder,
        `S6.3 conflict: ${describeRecord(holder)} holds username ${username} and is synced from directory user ${holder.linkedTo?.objectId}`,
      );
    } else if (!inReach(reach, holder, self)) {
      refuse(holder, `${who} would take username ${username} from`);
    } else
      plan.ops.push(removeLoginOp(holder, `${who} maps to an employee with username ${username} by ${tag}`));
    return plan;
  }
  if (!rule.portalAccess) return plan;

  const employees = new Map<string, EmployeeRecord>();
  for (const r of [...input.emailMatches, ...(holder ? [holder] : [])]) {
    const shares =
      sameUsername(r.login?.username, username) ||
      (ctx.email !== null && normaliseEmail(r.email) === ctx.email);
    if (r.kind === 'employee' && shares && !done.has(recordKey(r))) employees.set(r.id, r);
  }
  for (const employee of [...employees.values()].sort((a, b) => compareIds(a.id, b.id))) {
    const holdsName = sameUsername(employee.login?.username, username);
    const what = holdsName ? `username ${username}` : `e-mail ${employee.email}`;
    if (employee.isRoot)
      block(employee, `D8 conflict: ${describeRecord(employee)} holds the ${what} a portal contact wants`);
    else if (linkedElsewhere(employee, self)) {
      block(
        employee,
        `S6.2 conflict: ${describeRecord(employee)} holds the ${what} and is synced from directory user ${employee.linkedTo?.objectId}, so it is not archived`,
      );
    } else if (employee.status === 'active' && !inReach(reach, employee, self)) {
      refuse(employee, `${who} would archive, for the ${what} its portal contact wants,`);
    } else if (employee.status === 'active') {
      plan.ops.push(
        archiveOp(
          employee,
          taken,
          `${who} now maps to a portal contact by ${tag} and the employee holds its ${what}`,
        ),
      );
    } else if (holdsName) {
      block(
        employee,
        `S6.2 conflict: ${employee.status} ${describeRecord(employee)} holds username ${username}`,
      );
    }
  }
  if (holder && heldName && holder.kind === 'contact') {
    block(holder, `D9 conflict: ${describeRecord(holder)} already holds username ${username}`);
  }
  return plan;
}

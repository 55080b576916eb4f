import { insertAuditEntries, isUniqueViolation, setLogin, type Db } from '@entra-sync/db';
import type { LoginState, RecordKind } from '@entra-sync/domain';

export type Snapshot = Record<string, unknown>;

/** Only what changed, as before → after (B3 style). */
export function changes(before: Snapshot, after: Snapshot): { before: Snapshot; after: Snapshot } | null {
  const keys = Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  if (keys.length === 0) return null;
  return {
    before: Object.fromEntries(keys.map((k) => [k, before[k] ?? null])),
    after: Object.fromEntries(keys.map((k) => [k, after[k] ?? null])),
  };
}

/**
 * S6.4 extended: local edits are audited too (actor `admin-api`), without connection or object id so the sync's
 * own de-duplication of repeated notes (D18) never sees them.
 */
export async function auditLocal(
  db: Db,
  record: { kind: RecordKind; id: string },
  action: 'local-create' | 'local-edit',
  diff: { before: Snapshot | null; after: Snapshot },
): Promise<void> {
  await insertAuditEntries(db, [
    {
      actor: 'admin-api',
      connectionId: null,
      objectId: null,
      recordKind: record.kind,
      recordId: record.id,
      ruleId: null,
      action,
      reason:
        action === 'local-create'
          ? 'created through the admin API'
          : 'S4.2 local edit through the admin API: persists until the directory changes this user',
      before: diff.before,
      after: diff.after,
    },
  ]);
}

/** Thrown inside a transaction callback so the transaction rolls back; the service turns it into an outcome. */
export class UsernameTaken extends Error {
  constructor(readonly username: string) {
    super(`username ${username} is taken`);
  }
}

/** Sets the login inside the caller's transaction; a username someone else holds throws UsernameTaken. */
export async function writeLogin(
  trx: Db,
  record: { kind: RecordKind; id: string },
  login: LoginState | null,
): Promise<void> {
  try {
    await setLogin(trx, record, login);
  } catch (err) {
    if (login && isUniqueViolation(err)) throw new UsernameTaken(login.username);
    throw err;
  }
}

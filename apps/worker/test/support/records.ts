import {
  findLoginByUsername,
  getLink,
  listAuditEntries,
  listContacts,
  listEmployees,
  type AuditEntry,
  type Db,
  type StoredContact,
  type StoredEmployee,
} from '@entra-sync/db';
import type { Link } from '@entra-sync/domain';
import { listDeadLetters, type DeadLetter, type Producer, type QueueKey } from '@entra-sync/queues';

export type AnyRecord = StoredContact | StoredEmployee;

/** Every record (either kind) linked to this directory user: sync must never make more than one. */
export async function recordsOf(db: Db, objectId: string): Promise<AnyRecord[]> {
  const [contacts, employees] = await Promise.all([
    listContacts(db, { objectId }),
    listEmployees(db, { objectId }),
  ]);
  return [...contacts, ...employees];
}

/** The one record linked to this directory user, or null (throws when there are several). */
export async function recordOf(db: Db, objectId: string): Promise<AnyRecord | null> {
  const records = await recordsOf(db, objectId);
  if (records.length > 1) throw new Error(`${records.length} records linked to ${objectId}`);
  return records[0] ?? null;
}

export async function contactOf(db: Db, objectId: string): Promise<StoredContact | null> {
  const record = await recordOf(db, objectId);
  return record?.kind === 'contact' ? record : null;
}

export async function employeeOf(db: Db, objectId: string): Promise<StoredEmployee | null> {
  const record = await recordOf(db, objectId);
  return record?.kind === 'employee' ? record : null;
}

/** Records of either kind with this e-mail, linked or not. */
export async function recordsByEmail(db: Db, email: string): Promise<AnyRecord[]> {
  const [contacts, employees] = await Promise.all([
    listContacts(db, { email }),
    listEmployees(db, { email }),
  ]);
  return [...contacts, ...employees];
}

export const linkOf = (db: Db, connectionId: string, objectId: string): Promise<Link | null> =>
  getLink(db, connectionId, objectId);

export const loginOf = (db: Db, username: string) => findLoginByUsername(db, username);

/** Audit entries of one directory user, oldest first. */
export async function auditOf(db: Db, objectId: string): Promise<AuditEntry[]> {
  return (await listAuditEntries(db, { objectId, limit: 1000 })).reverse();
}

export const deadLetters = (producer: Producer, queue?: QueueKey): Promise<DeadLetter[]> =>
  listDeadLetters(producer, { ...(queue ? { queue } : {}), limit: 1000 });

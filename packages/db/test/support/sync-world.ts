import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { DirectoryObservation, DirectoryUserFields, Trigger } from '@entra-sync/domain';
import { getContact, getEmployee, getLink, listAuditEntries, syncUser } from '../../src';
import {
  deletedObservation,
  makeAccount,
  makeConnection,
  makeRule,
  presentObservation,
  saveDefaults,
  type TestDatabase,
} from '../../src/testing';

export const T0 = new Date('2026-03-01T08:00:00.000Z');
export const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

/** One connection with a staff rule (#staff → employee) and a portal rule (#portal → portal contact). */
export async function syncWorld(t: TestDatabase) {
  const { db } = t;
  const connectionId = await makeConnection(db);
  const accountId = await makeAccount(db);
  await saveDefaults(db);
  const staff = await makeRule(db, connectionId, {
    groupId: 'g-staff',
    target: 'employee',
    securityRole: 'Engineer',
    modules: ['tickets', 'time'],
  });
  const portal = await makeRule(db, connectionId, {
    groupId: 'g-portal',
    order: 2,
    target: 'contact',
    accountId,
    portalAccess: true,
    portalRole: 'Portal User',
  });
  const tag = randomBytes(3).toString('hex');

  /** A directory person with a unique UPN/mail per world: `name` → `name.<tag>@contoso.com`. */
  const person = (name: string): Pick<DirectoryUserFields, 'userPrincipalName' | 'mail'> => ({
    userPrincipalName: `${name}.${tag}@contoso.com`,
    mail: `${name}.${tag}@contoso.com`,
  });
  const username = (name: string) => `${name}.${tag}`;
  const email = (name: string) => `${name}.${tag}@contoso.com`;

  const user = (
    objectId: string,
    fields: Partial<DirectoryUserFields>,
    options: { groups?: string[]; nested?: string[]; at?: Date } = {},
  ): DirectoryObservation =>
    presentObservation(objectId, fields, {
      groups: options.groups ?? ['g-staff'],
      nested: options.nested,
      at: options.at ?? T0,
    });

  const sync = (observation: DirectoryObservation, trigger: Trigger = 'change') =>
    syncUser(db, { connectionId, observation, trigger });

  const counts = async () => {
    const { rows } = await sql<Record<string, number>>`
      select (select count(*)::int from employees) as employees, (select count(*)::int from contacts) as contacts,
             (select count(*)::int from logins) as logins, (select count(*)::int from links) as links,
             (select count(*)::int from audit_log) as audit, (select count(*)::int from outbox) as outbox`.execute(
      db,
    );
    return rows[0] as {
      employees: number;
      contacts: number;
      logins: number;
      links: number;
      audit: number;
      outbox: number;
    };
  };

  return {
    db,
    connectionId,
    accountId,
    staff,
    portal,
    person,
    username,
    email,
    user,
    deleted: deletedObservation,
    sync,
    counts,
    audit: (objectId: string) => listAuditEntries(db, { connectionId, objectId }),
    link: (objectId: string) => getLink(db, connectionId, objectId),
    employee: (id: string) => getEmployee(db, id),
    contact: (id: string) => getContact(db, id),
  };
}

export type SyncWorld = Awaited<ReturnType<typeof syncWorld>>;

/** One step of a random directory history (the parity tests' fast-check records). */
export interface HistoryStep {
  objectId: string;
  person: string;
  upn: string;
  groups: string[];
  enabled: boolean;
  jobTitle: string | null;
  deleted: boolean;
  time: number;
}

/** The observation a history step stands for: `<upn>@contoso.com`, mail `<person>@contoso.com`. */
export const observationOfStep = (s: HistoryStep): DirectoryObservation =>
  s.deleted
    ? deletedObservation(s.objectId, at(s.time))
    : presentObservation(
        s.objectId,
        {
          userPrincipalName: `${s.upn}@contoso.com`,
          mail: `${s.person}@contoso.com`,
          accountEnabled: s.enabled,
          jobTitle: s.jobTitle,
        },
        { groups: s.groups, at: at(s.time) },
      );

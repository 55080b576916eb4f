import {
  createAccount,
  createContact,
  createEmployee,
  createRule,
  saveEmployeeDefaults,
  setLogin,
  type Db,
} from '@entra-sync/db';
import { demoTarget, type DemoTenant, type DemoUser } from './demo-tenant';

export interface DemoRecordsSummary {
  accounts: number;
  rules: number;
  /** records that existed before the first sync and match a directory user by e-mail (S3.2) */
  matchingByEmail: number;
  /** an employee holding the e-mail of a future portal user: archived by the sync (S6.2) */
  toArchive: string | null;
}

const OFFICE = { department: 'Service Desk', location: 'Head office', timeZone: 'Europe/London' };

/**
 * What an MSP has before it connects a tenant: two customer accounts, a few people already on file, employee
 * defaults, and the mapping rules. Leads outrank staff; Fabrikam's and Northwind's rules share an order, so the
 * older one (Fabrikam) wins for people in both groups (S1.2).
 */
export async function createDemoRecords(
  db: Db,
  connectionId: string,
  tenant: DemoTenant,
): Promise<DemoRecordsSummary> {
  const fabrikam = await createAccount(db, { name: 'Fabrikam Ltd' });
  const northwind = await createAccount(db, { name: 'Northwind Traders' });
  await saveEmployeeDefaults(db, {
    firstName: null,
    lastName: null,
    ...OFFICE,
    securityRole: 'Technician',
    modules: ['tickets', 'time'],
  });
  const { groups } = tenant;
  await createRule(db, connectionId, {
    groupId: groups.leads,
    order: 10,
    target: 'employee',
    securityRole: 'Manager',
    modules: ['tickets', 'time', 'reports'],
  });
  await createRule(db, connectionId, {
    groupId: groups.staff,
    order: 20,
    target: 'employee',
    securityRole: 'Technician',
    modules: ['tickets', 'time'],
  });
  await createRule(db, connectionId, {
    groupId: groups.portal,
    order: 30,
    target: 'contact',
    accountId: fabrikam.id,
    portalAccess: true,
    portalRole: 'Portal User',
  });
  await createRule(db, connectionId, {
    groupId: groups.contacts,
    order: 30,
    target: 'contact',
    accountId: northwind.id,
  });

  const withMail = (target: ReturnType<typeof demoTarget>) =>
    tenant.users.filter((u) => u.mail !== null && u.accountEnabled && demoTarget(u) === target);
  const staff = withMail('staff').slice(0, 4);
  const portal = withMail('portal');
  for (const user of staff)
    await createEmployee(db, {
      ...names(user),
      ...OFFICE,
      email: shout(user),
      jobTitle: 'Technician (on file)',
    });
  for (const user of portal.slice(0, 4))
    await createContact(db, { ...names(user), email: shout(user), accountId: fabrikam.id });
  const leaver = portal[4] ?? null;
  if (leaver) {
    const id = await createEmployee(db, { ...names(leaver), ...OFFICE, email: leaver.mail });
    const username = leaver.userPrincipalName.split('@')[0] ?? leaver.userPrincipalName;
    await setLogin(
      db,
      { kind: 'employee', id },
      { username, enabled: true, role: 'Technician', modules: ['tickets'] },
    );
  }
  return {
    accounts: 2,
    rules: 4,
    matchingByEmail: staff.length + Math.min(4, portal.length),
    toArchive: leaver?.mail ?? null,
  };
}

const names = (user: DemoUser) => ({ firstName: user.givenName, lastName: user.surname });
/** The same address as the directory's, as someone typed it: matching is case-insensitive and trimmed (D4). */
const shout = (user: DemoUser) => ` ${(user.mail ?? '').toUpperCase()}`;

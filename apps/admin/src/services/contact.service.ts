import { createContact, getContact, updateContact, type Db, type StoredContact } from '@entra-sync/db';
import type { ContactStatus, LoginState, PersonFields } from '@entra-sync/domain';
import { checkAccount, checkCatalog, type Invalid } from './catalog-checks';
import { auditLocal, changes, UsernameTaken, writeLogin } from './local-edit';

export interface ContactCreate extends Partial<PersonFields> {
  accountId: string;
  status?: ContactStatus;
  portalAccess?: boolean;
  username?: string;
  portalRole?: string | null;
}

export interface ContactPatch extends Partial<PersonFields> {
  accountId?: string;
  status?: ContactStatus;
  /** false removes the portal login (username freed, D10) */
  portalAccess?: boolean;
  /** null removes the portal login */
  username?: string | null;
  portalRole?: string | null;
}

export type ContactWriteOutcome =
  | { kind: 'saved'; contact: StoredContact }
  | { kind: 'not-found' }
  | { kind: 'invalid'; problems: Invalid[] }
  | { kind: 'username-taken'; username: string };

const PERSON_KEYS = ['firstName', 'lastName', 'email', 'officePhone', 'mobilePhone', 'jobTitle'] as const;

const snapshot = (c: StoredContact) => ({
  ...Object.fromEntries(PERSON_KEYS.map((k) => [k, c[k]])),
  accountId: c.accountId,
  status: c.status,
  portalAccess: c.portalAccess,
  username: c.login?.username ?? null,
  portalRole: c.login?.role ?? null,
  loginEnabled: c.login?.enabled ?? null,
});

/** S6.1: a contact has a login exactly when it has portal access. */
export async function addContact(db: Db, input: ContactCreate): Promise<ContactWriteOutcome> {
  const portalAccess = input.portalAccess ?? input.username !== undefined;
  const problems = [
    ...(await checkAccount(db, input.accountId)),
    ...(await checkCatalog(db, { roles: [{ field: 'portalRole', value: input.portalRole }] })),
    ...(portalAccess && !input.username
      ? [{ field: 'username', message: 'portal access needs a username' }]
      : []),
    ...(!portalAccess && input.username
      ? [{ field: 'username', message: 'a contact without portal access has no login' }]
      : []),
  ];
  if (problems.length > 0) return { kind: 'invalid', problems };
  return guarded(async () =>
    db.transaction().execute(async (trx) => {
      const { username, portalRole, ...fields } = input;
      const id = await createContact(trx, { ...fields, portalAccess });
      const status = input.status ?? 'active';
      if (username)
        await writeLogin(trx, { kind: 'contact', id }, login(username, portalRole ?? null, status));
      const contact = await mustGet(trx, id);
      await auditLocal(trx, { kind: 'contact', id }, 'local-create', {
        before: null,
        after: snapshot(contact),
      });
      return { kind: 'saved', contact };
    }),
  );
}

/** S4.2: a local edit persists until the directory changes this user. */
export async function editContact(db: Db, id: string, patch: ContactPatch): Promise<ContactWriteOutcome> {
  const problems = [
    ...(await checkAccount(db, patch.accountId)),
    ...(await checkCatalog(db, { roles: [{ field: 'portalRole', value: patch.portalRole }] })),
  ];
  if (problems.length > 0) return { kind: 'invalid', problems };
  return guarded(async () =>
    db.transaction().execute(async (trx): Promise<ContactWriteOutcome> => {
      const current = await getContact(trx, id);
      if (!current) return { kind: 'not-found' };
      const next = nextLogin(current, patch);
      if (next === 'needs-username')
        return {
          kind: 'invalid',
          problems: [{ field: 'username', message: 'portal access needs a username' }],
        };
      const { username: _u, portalRole: _r, ...fields } = patch;
      await updateContact(trx, id, {
        ...fields,
        portalAccess: next === undefined ? undefined : next !== null,
      });
      if (next !== undefined) await writeLogin(trx, { kind: 'contact', id }, next);
      const contact = await mustGet(trx, id);
      const diff = changes(snapshot(current), snapshot(contact));
      if (diff) await auditLocal(trx, { kind: 'contact', id }, 'local-edit', diff);
      return { kind: 'saved', contact };
    }),
  );
}

/** undefined: the login stays as it is. */
function nextLogin(
  current: StoredContact,
  patch: ContactPatch,
): LoginState | null | undefined | 'needs-username' {
  const status = patch.status ?? current.status;
  if (patch.portalAccess === false || patch.username === null) return null;
  const touched =
    patch.portalAccess === true ||
    patch.username !== undefined ||
    patch.portalRole !== undefined ||
    (patch.status !== undefined && current.login !== null);
  if (!touched) return undefined;
  const username = patch.username ?? current.login?.username;
  if (!username) return 'needs-username';
  return login(
    username,
    patch.portalRole !== undefined ? patch.portalRole : (current.login?.role ?? null),
    status,
  );
}

const login = (username: string, role: string | null, status: ContactStatus): LoginState => ({
  username,
  // an inactive person cannot sign in (as S5 deactivation does)
  enabled: status === 'active',
  role,
  modules: [],
});

async function mustGet(db: Db, id: string): Promise<StoredContact> {
  const contact = await getContact(db, id);
  if (!contact) throw new Error(`contact ${id} vanished inside its own transaction`);
  return contact;
}

async function guarded(run: () => Promise<ContactWriteOutcome>): Promise<ContactWriteOutcome> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof UsernameTaken) return { kind: 'username-taken', username: err.username };
    throw err;
  }
}

import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { applyUsers } from '../apply/apply-users';
import { createAccount } from '../repositories/account.repository';
import { createRule } from '../repositories/mapping-rule.repository';
import type { Database } from '../tables/database';
import { presentObservation } from './factories';

export interface HeldSeed {
  connectionId: string;
  /** the synced directory users, in order; the first `disabled` were disabled */
  objectIds: string[];
  emails: string[];
}

/**
 * S8 through the real apply step: `synced` portal contacts of one rule group on the connection, then the first
 * `disabled` of them disabled one at a time under the sliding window (default share 0.2) — the ones past the
 * limit end up held in the connection's pending confirmation.
 */
export async function seedHeldRemovals(
  db: Kysely<Database>,
  connectionId: string,
  options: { synced: number; disabled: number; maxShare?: number },
): Promise<HeldSeed> {
  const group = randomUUID();
  const account = await createAccount(db, { name: `Held ${randomBytes(3).toString('hex')}` });
  await createRule(db, connectionId, {
    groupId: group,
    order: 1,
    target: 'contact',
    accountId: account.id,
    portalAccess: true,
    portalRole: 'Portal User',
  });
  const suffix = randomBytes(3).toString('hex');
  const people = Array.from({ length: options.synced }, (_, i) => ({
    objectId: randomUUID(),
    email: `held${i}.${suffix}@contoso.example`,
  }));
  const observe = (p: { objectId: string; email: string }, i: number, accountEnabled: boolean) =>
    presentObservation(
      p.objectId,
      { userPrincipalName: p.email, mail: p.email, givenName: `Held${i}`, surname: 'Person', accountEnabled },
      { groups: [group], at: new Date() },
    );
  const removals = {
    mode: 'window' as const,
    settings: { maxShare: options.maxShare ?? 0.2, windowSeconds: 3600 },
    source: 'notification',
  };
  await applyUsers(db, {
    connectionId,
    users: people.map((p, i) => ({ observation: observe(p, i, true), trigger: 'change' as const })),
    removals,
  });
  for (const [i, p] of people.slice(0, options.disabled).entries()) {
    await applyUsers(db, {
      connectionId,
      users: [{ observation: observe(p, i, false), trigger: 'change' }],
      removals,
    });
  }
  return { connectionId, objectIds: people.map((p) => p.objectId), emails: people.map((p) => p.email) };
}

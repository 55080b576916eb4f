import type { Kysely } from 'kysely';
import type { PersonRecord, World } from '@entra-sync/domain';
import { type Database, toLink } from '../../src';
import { contactRecords, employeeRecords, toPersonRecord } from '../../src/repositories/person-record.query';

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byKey = (a: PersonRecord, b: PersonRecord) => cmp(`${a.kind}:${a.id}`, `${b.kind}:${b.id}`);

/** Records and links sorted, so two worlds compare by content. */
export const normaliseWorld = (w: World): World => ({
  records: [...w.records].sort(byKey),
  links: [...w.links].sort((a, b) =>
    cmp(`${a.connectionId}:${a.objectId}`, `${b.connectionId}:${b.objectId}`),
  ),
});

/** Every record and link in the database as the domain's reference world (packages/domain/src/simulate.ts). */
export async function readWorld(db: Kysely<Database>): Promise<World> {
  const rows = await employeeRecords(db).unionAll(contactRecords(db)).execute();
  const records = rows.map((row): PersonRecord => {
    const { createdAt: _c, updatedAt: _u, ...record } = toPersonRecord(row);
    return record;
  });
  const links = (await db.selectFrom('links').selectAll().execute()).map(toLink);
  return normaliseWorld({ records, links });
}

import { sql } from 'kysely';
import type { Db } from '@entra-sync/db';

interface Pending {
  marker: string;
  /** epoch ms when the directory change was made (just before the emulator was asked to make it) */
  changedAt: number;
}

export interface ChangeOutcome {
  /** change → committed record, ms, one per applied change */
  latenciesMs: number[];
  applied: number;
  /** changes whose marker never reached the record before the deadline */
  lost: number;
}

const POLL_MS = 100;
const CHUNK = 2000;

/**
 * Watches records for directory changes: every change writes a unique job title, and the change counts as applied
 * when the linked record carries it. The commit time is the record's `updated_at` (set in the applying
 * transaction), so polling frequency does not add to the measured latency.
 */
export class ChangeTracker {
  private readonly pending = new Map<string, Pending>();
  private readonly latencies: number[] = [];

  constructor(
    private readonly db: Db,
    private readonly connectionId: string,
  ) {}

  /** A later change of the same user replaces the earlier one (only the last marker can be observed). */
  expect(objectId: string, marker: string, changedAt: number): void {
    this.pending.set(objectId, { marker, changedAt });
  }

  get outstanding(): number {
    return this.pending.size;
  }

  async poll(): Promise<void> {
    const ids = [...this.pending.keys()];
    for (let at = 0; at < ids.length; at += CHUNK) {
      const { rows } = await sql<{ object_id: string; job_title: string | null; at: number }>`
        select l.object_id, coalesce(c.job_title, e.job_title) as job_title,
               (extract(epoch from coalesce(c.updated_at, e.updated_at)) * 1000)::float8 as at
        from links l
        left join contacts c on l.kind = 'contact' and c.id = l.record_id
        left join employees e on l.kind = 'employee' and e.id = l.record_id
        where l.connection_id = ${this.connectionId} and l.object_id = any(${ids.slice(at, at + CHUNK)})`.execute(
        this.db,
      );
      for (const row of rows) {
        const wanted = this.pending.get(row.object_id);
        if (!wanted || row.job_title !== wanted.marker) continue;
        this.latencies.push(Math.max(0, row.at - wanted.changedAt));
        this.pending.delete(row.object_id);
      }
    }
  }

  /** Polls until every expected change is applied or `timeoutMs` passed. */
  async settle(timeoutMs: number): Promise<ChangeOutcome> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.poll();
      if (this.pending.size === 0 || Date.now() >= deadline) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    return { latenciesMs: [...this.latencies], applied: this.latencies.length, lost: this.pending.size };
  }
}

/** Object ids of the users the connection synced and keeps in scope: the ones a change must reach. */
export async function syncedUsers(db: Db, connectionId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('links')
    .select('object_id')
    .where('connection_id', '=', connectionId)
    .where('in_scope', '=', true)
    .orderBy('object_id')
    .execute();
  return rows.map((r) => r.object_id);
}

/** Records of the tenant's people (contacts and employees, any status): duplicates would raise it. */
export async function recordCount(db: Db): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    select (select count(*) from contacts) + (select count(*) from employees) as n`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

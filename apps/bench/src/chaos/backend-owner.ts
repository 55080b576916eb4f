import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { PrivatePostgres } from '@entra-sync/test-infra';

/** A worker session inside a transaction, as pg_stat_activity shows it. */
export interface OpenTransaction {
  backendPid: number;
  clientPort: number;
  /** the statement it runs or ran last (`COMMIT` when caught committing) */
  query: string;
}

/** Worker sessions with an open transaction right now, newest statement first. */
export async function openTransactions(postgres: PrivatePostgres): Promise<OpenTransaction[]> {
  const rows = await postgres.query<{ pid: number; client_port: number; query: string }>(
    `select pid, client_port, query from pg_stat_activity
      where application_name = 'entra-sync-worker' and xact_start is not null and client_port is not null
        and state in ('active', 'idle in transaction')
      order by state_change desc`,
  );
  return rows.map((r) => ({ backendPid: r.pid, clientPort: r.client_port, query: r.query.slice(0, 80) }));
}

/** The local TCP ports process `pid` holds open (its sockets' inodes matched against /proc/net/tcp{,6}). */
export function localPortsOf(pid: number): Set<number> {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode) inodes.add(inode);
      } catch {
        // the descriptor closed while we looked
      }
    }
  } catch {
    return new Set();
  }
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      const inode = fields[9];
      if (!local || !inode || !inodes.has(inode)) continue;
      ports.add(parseInt(local.split(':')[1] ?? '', 16));
    }
  }
  return ports;
}

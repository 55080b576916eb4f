import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { SessionMultiplexer } from './session-multiplexer';
import { openUpstreamSession } from './upstream-session';

export interface EmbeddedPostgres {
  /** what every process of the tree uses as DATABASE_URL */
  url: string;
  dataDir: string | null;
  stats(): { clients: number; waiting: number };
  close(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** a directory for the data files; null keeps everything in memory (tests) */
  dataDir: string | null;
  /** 0 picks a free port */
  port?: number;
  /** the single session broke: the process tree must come down */
  onFatal: (err: Error) => void;
}

/**
 * PGlite (Postgres compiled to WebAssembly, in this process) served on loopback: pglite-socket holds the one
 * session PGlite has, and the multiplexer in front of it lets every process connect with plain `pg`.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const pglite = await PGlite.create(options.dataDir ?? 'memory://');
  const socketServer = new PGLiteSocketServer({ db: pglite, host: '127.0.0.1', port: 0, maxConnections: 1 });
  let mux: SessionMultiplexer;
  try {
    await socketServer.start();
    const { port } = parseHostPort(socketServer.getServerConn());
    const upstream = await openUpstreamSession(port, '127.0.0.1');
    mux = await SessionMultiplexer.start({ upstream, port: options.port ?? 0, onFatal: options.onFatal });
  } catch (err) {
    await socketServer.stop().catch(() => undefined);
    await pglite.close().catch(() => undefined);
    throw err;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${mux.port}/postgres`,
    dataDir: options.dataDir,
    stats: () => mux.stats(),
    async close() {
      await mux.close();
      await socketServer.stop();
      await pglite.close();
    },
  };
}

function parseHostPort(conn: string): { host: string; port: number } {
  const index = conn.lastIndexOf(':');
  return { host: conn.slice(0, index), port: Number(conn.slice(index + 1)) };
}

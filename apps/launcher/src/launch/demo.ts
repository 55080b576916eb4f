import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Db, SecretBox } from '@entra-sync/db';
import { ensureTls } from '@entra-sync/graph-emulator';
import type { Producer } from '@entra-sync/queues';
import { DemoChangeStream } from '../demo/change-stream';
import { ensureDemoConnection } from '../demo/demo-connection';
import { createDemoTenant, DEMO_GROUPS } from '../demo/demo-tenant';
import { EmulatorControl } from '../demo/emulator-control';
import { startInitialSync, waitForSyncRun, workerWillSubscribe } from '../demo/initial-sync';
import type { LauncherEnv } from '../env/launcher-env';
import { freePort } from '../processes/free-port';
import type { ManagedChild } from '../processes/managed-child';
import { startEmulatorChild } from './fleet';

export interface RunningDemo {
  /** GRAPH_ENDPOINT, LOGIN_ENDPOINT and NODE_EXTRA_CA_CERTS for the processes that call Graph */
  graphEnv: Record<string, string>;
  description: string;
  /** queues the initial sync; when it has finished, the stream of directory changes begins */
  startSyncing(): Promise<string>;
  stopChanges(): Promise<void>;
  stopEmulator(stop: (child: ManagedChild) => Promise<void>): Promise<void>;
}

const SYNC_WAIT_MS = 15 * 60_000;

export async function startDemo(options: {
  env: LauncherEnv;
  dataDir: string;
  db: Db;
  box: SecretBox;
  producer: Producer;
  baseEnv: NodeJS.ProcessEnv;
  print: (line: string) => void;
  onChild: (child: ManagedChild) => void;
}): Promise<RunningDemo> {
  const { env, db, producer, print } = options;
  const say = (text: string) => print(`[demo] ${text}`);
  if (env.GRAPH_ENDPOINT || env.LOGIN_ENDPOINT)
    say(
      'GRAPH_ENDPOINT/LOGIN_ENDPOINT are ignored in demo mode (the built-in emulator serves Graph); ENTRA_SYNC_DEMO=0 uses them',
    );
  // Node reads NODE_EXTRA_CA_CERTS only at start: the certificates exist before any Graph-calling child starts.
  const tlsDir = path.join(options.dataDir, 'tls');
  const tls = await ensureTls(tlsDir);
  const emulator = await startEmulatorChild({ port: await freePort(), tlsDir, env: options.baseEnv, print });
  options.onChild(emulator.child);
  const control = new EmulatorControl(emulator.url, readFileSync(tls.caPath, 'utf8'));
  const tenant = await createDemoTenant(control, env.ENTRA_SYNC_DEMO_USERS);
  const inGroups = tenant.users.length;
  say(
    `tenant ${tenant.domain}: ${env.ENTRA_SYNC_DEMO_USERS} users, ${inGroups} of them in the groups ${DEMO_GROUPS.map((g) => `"${g.displayName}"`).join(', ')}`,
  );
  const connection = await ensureDemoConnection(db, options.box, tenant);
  if (connection.records) {
    const r = connection.records;
    say(
      `connection "Contoso (demo tenant)" with ${r.rules} mapping rules (leads → Manager employees, order 10; staff → Technician employees, 20; Fabrikam portal users → portal contacts, 30; Northwind → contacts, 30: the older rule wins ties), accounts Fabrikam Ltd and Northwind Traders, employee defaults`,
    );
    say(
      `${r.matchingByEmail} people already on file match directory users by e-mail and will be merged, keeping their ids (S3.2)${r.toArchive ? `; the employee ${r.toArchive} will be archived when that person becomes a Fabrikam portal user (S6.2)` : ''}`,
    );
  } else
    say(
      'connection "Contoso (demo tenant)" and its rules kept from an earlier run; this run\'s client secret stored',
    );
  const subscribe = !(await workerWillSubscribe(producer, connection.connectionId));

  const abort = new AbortController();
  const stream = new DemoChangeStream(control, tenant, print);
  let waiting: Promise<void> = Promise.resolve();
  return {
    graphEnv: {
      GRAPH_ENDPOINT: emulator.url,
      LOGIN_ENDPOINT: emulator.url,
      NODE_EXTRA_CA_CERTS: tls.bundlePath,
    },
    description: `built-in emulator at ${emulator.url}, tenant ${tenant.domain} (${env.ENTRA_SYNC_DEMO_USERS} users)`,
    async startSyncing() {
      const runId = await startInitialSync(db, producer, connection.connectionId);
      if (subscribe)
        await producer.add('subscriptions', 'subscriptions.ensure', {
          connectionId: connection.connectionId,
        });
      const started = Date.now();
      say(`initial sync queued (run ${runId})`);
      waiting = waitForSyncRun(db, runId, { timeoutMs: SYNC_WAIT_MS, signal: abort.signal })
        .then((run) => {
          if (abort.signal.aborted) return;
          const seconds = ((Date.now() - started) / 1000).toFixed(1);
          if (run)
            say(
              `initial sync ${run.status} after ${seconds} s: ${JSON.stringify(run.counts)}${run.error ? ` (${run.error})` : ''}`,
            );
          else say(`initial sync still running after ${seconds} s; starting the directory changes anyway`);
          if (env.ENTRA_SYNC_DEMO_CHANGE_SECONDS > 0) {
            say(
              `now changing the directory every ${env.ENTRA_SYNC_DEMO_CHANGE_SECONDS} s; watch the records follow`,
            );
            stream.start(env.ENTRA_SYNC_DEMO_CHANGE_SECONDS * 1000);
          }
        })
        .catch((err: unknown) => say(`WARN could not follow the initial sync: ${(err as Error).message}`));
      return runId;
    },
    async stopChanges() {
      abort.abort();
      await waiting;
      await stream.stop();
    },
    async stopEmulator(stop) {
      control.close();
      await stop(emulator.child);
    },
  };
}

import { type ManagedChild, nodeChild } from '../processes/managed-child';
import { launcherEntry, REPO_ROOT, workspaceEntry } from '../paths';

const READY_TIMEOUT_MS = 120_000;

type Print = (line: string) => void;

/** `[emulator]`: the Graph emulator alone (its own main), on a free port, certificates under the data dir. */
export async function startEmulatorChild(options: {
  port: number;
  tlsDir: string;
  env: NodeJS.ProcessEnv;
  print: Print;
}): Promise<{ child: ManagedChild; url: string }> {
  const child = nodeChild('emulator', workspaceEntry('@entra-sync/graph-emulator'), {
    args: ['--port', String(options.port), '--tls-dir', options.tlsDir],
    env: options.env,
    cwd: REPO_ROOT,
    print: options.print,
  });
  const line = await readyOrStop(child, /graph-emulator listening on (https:\/\/\S+)/);
  return { child, url: /listening on (https:\/\/\S+)/.exec(line)?.[1] ?? '' };
}

/** `[web]`: one HTTP server with the receiver and the admin API. */
export async function startWebChild(options: {
  env: NodeJS.ProcessEnv;
  print: Print;
}): Promise<ManagedChild> {
  const child = nodeChild('web', launcherEntry('src/web/web.main.ts'), {
    env: options.env,
    cwd: REPO_ROOT,
    print: options.print,
  });
  await readyOrStop(child, /web server listening on/);
  return child;
}

/** `[worker]`: every queue's processors (apps/worker). */
export async function startWorkerChild(options: {
  env: NodeJS.ProcessEnv;
  print: Print;
}): Promise<ManagedChild> {
  const child = nodeChild('worker', workspaceEntry('@entra-sync/worker'), {
    env: options.env,
    cwd: REPO_ROOT,
    print: options.print,
  });
  await readyOrStop(child, /worker started/);
  return child;
}

async function readyOrStop(child: ManagedChild, ready: RegExp): Promise<string> {
  try {
    return await child.waitForLine(ready, READY_TIMEOUT_MS);
  } catch (err) {
    await child.stop(5000);
    throw err;
  }
}

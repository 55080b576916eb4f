// `npm start`: the whole product in one process tree (CONTRACT.md, Commands). See launcher.ts.
import { EnvError } from '@entra-sync/config';
import { loadLauncherEnv } from './env/launcher-env';
import { isStopped, Launcher } from './launcher';

const print = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  let env;
  try {
    env = loadLauncherEnv();
  } catch (err) {
    if (err instanceof EnvError) {
      process.stderr.write(`npm start: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const launcher = new Launcher(env, print);
  // Ctrl-C reaches the launcher twice: from the terminal and forwarded by npm. Only a signal that comes
  // well after the first one means "stop waiting".
  let firstSignalAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstSignalAt > 0) {
      if (Date.now() - firstSignalAt < 2000) return;
      print(`[launcher] ${signal} again: exiting without waiting (children stop with the launcher)`);
      process.exit(130);
    }
    firstSignalAt = Date.now();
    void launcher.stop(signal).then((code) => process.exit(code));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await launcher.start();
  } catch (err) {
    if (isStopped(err)) return new Promise<number>(() => undefined); // the signal handler exits
    process.stderr.write(`npm start: ${err instanceof Error ? err.message : String(err)}\n`);
    await launcher.stop('could not start');
    return 1;
  }
  return launcher.failed;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(
      `npm start failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);

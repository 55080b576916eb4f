import { constants } from 'node:os';
import { EnvError, StartRefused } from '@entra-sync/config';
import { createLogger, endLogger, type Logger } from './logger';

/** How every entra-sync process ends (README, "Exit codes"; decision O4). */
export const ServiceExit = {
  /** stopped on SIGTERM/SIGINT, every shutdown step done */
  ok: 0,
  /** could not start (bad environment, unreachable or unfit dependency, port in use) or crashed while running */
  failed: 1,
  /** stopped on a signal, but a shutdown step failed or the shutdown timed out */
  unclean: 2,
} as const;

/** One step of an ordered shutdown (STYLE habit 14: HTTP, workers, queues, Redis, pg). */
export interface ShutdownStep {
  name: string;
  run: () => Promise<unknown>;
}

export interface RunServiceOptions<Env extends { LOG_LEVEL?: string }> {
  /** the logger's `service` and the prefix of a line written before there is a logger */
  name: string;
  /** parses the environment; an `EnvError` ends the process with its message (naming the variable), exit 1 */
  loadEnv: () => Env;
  /** builds and starts everything; returns how to stop it, in order */
  start: (env: Env, logger: Logger) => Promise<readonly ShutdownStep[]>;
  /** from the first signal to a forced exit (2); under Kubernetes' default 30 s grace period */
  shutdownTimeoutMs?: number;
}

const DEFAULT_SHUTDOWN_TIMEOUT_MS = 25_000;
/** npm and a terminal both deliver one Ctrl-C: a repeat this soon is the same request */
const REPEAT_GRACE_MS = 2_000;
const FLUSH_TIMEOUT_MS = 2_000;

/**
 * Runs one entra-sync process: starts it, stops it in order on SIGTERM/SIGINT within a time limit, turns an
 * uncaught exception or unhandled rejection into a logged crash, flushes the logger before every exit, and ends
 * with one of `ServiceExit`'s codes (or 128 + n when a second signal gives up waiting).
 */
export function runService<Env extends { LOG_LEVEL?: string }>(options: RunServiceOptions<Env>): void {
  const timeoutMs = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  let logger: Logger | null = null;
  let steps: readonly ShutdownStep[] | null = null;
  let firstSignalAt = 0;
  let pendingSignal: NodeJS.Signals | null = null;
  let stopping = false;
  let exiting = false;

  const exit = (code: number): void => {
    if (exiting) return;
    exiting = true;
    // pino writes asynchronously: an exit before its last write lands loses or reorders the last lines
    setTimeout(() => process.exit(code), FLUSH_TIMEOUT_MS).unref();
    if (logger) endLogger(logger, () => process.exit(code));
    else process.exit(code);
  };

  const report = (message: string, err?: unknown): void => {
    if (logger) logger.fatal({ err }, message);
    else process.stderr.write(`${options.name}: ${message}${err ? `: ${describe(err)}` : ''}\n`);
  };

  const armTimeout = (): void => {
    setTimeout(() => {
      logger?.error({ timeoutMs }, 'shutdown timed out: exiting without waiting any longer');
      exit(ServiceExit.unclean);
    }, timeoutMs);
  };

  /** Runs every step even after one fails (the pool still closes when Redis would not); true when all did. */
  const shutdown = async (log: Logger, work: readonly ShutdownStep[]): Promise<boolean> => {
    let clean = true;
    for (const step of work) {
      try {
        await step.run();
      } catch (err) {
        clean = false;
        log.error({ err, step: step.name }, 'shutdown step failed');
      }
    }
    return clean;
  };

  const stop = (signal: NodeJS.Signals): void => {
    if (!logger || !steps) return;
    stopping = true;
    const log = logger;
    log.info({ signal }, 'shutting down');
    void shutdown(log, steps).then((clean) => {
      if (clean) log.info('stopped');
      else log.warn('stopped, not cleanly (see above)');
      exit(clean ? ServiceExit.ok : ServiceExit.unclean);
    });
  };

  const onSignal = (signal: NodeJS.Signals): void => {
    if (firstSignalAt > 0) {
      if (Date.now() - firstSignalAt < REPEAT_GRACE_MS) return;
      logger?.warn({ signal }, 'signal again: exiting without waiting for the shutdown');
      exit(128 + (constants.signals[signal] ?? 0));
      return;
    }
    firstSignalAt = Date.now();
    armTimeout();
    if (steps) stop(signal);
    else {
      pendingSignal = signal;
      logger?.info({ signal }, 'signal while starting: stopping as soon as started');
    }
  };

  const crash = (kind: string, err: unknown): void => {
    // past the exit's start the logger may be ended: nothing more can be reported
    if (exiting) return;
    report(kind, err);
    if (stopping || !logger || !steps) return exit(ServiceExit.failed);
    stopping = true;
    armTimeout();
    void shutdown(logger, steps).then(() => exit(ServiceExit.failed));
  };

  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  process.on('uncaughtException', (err) => crash('uncaught exception', err));
  process.on('unhandledRejection', (reason) => crash('unhandled rejection', reason));

  const begin = async (): Promise<void> => {
    const env = options.loadEnv();
    logger = createLogger({ service: options.name, level: env.LOG_LEVEL });
    steps = await options.start(env, logger);
  };
  begin().then(
    () => {
      if (pendingSignal) stop(pendingSignal);
    },
    (err: unknown) => {
      if (err instanceof EnvError) {
        process.stderr.write(`${options.name}: ${err.message}\n`);
        return exit(ServiceExit.failed);
      }
      // a dependency that is there but unfit: its message says what was found and how to fix it
      if (err instanceof StartRefused && logger) logger.fatal(`refusing to start: ${err.message}`);
      // whatever start opened is released by the exit
      else report('failed to start', err);
      exit(ServiceExit.failed);
    },
  );
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

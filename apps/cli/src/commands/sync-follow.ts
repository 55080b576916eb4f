import type { Writable } from 'node:stream';
import type { ApiClient } from '../api-client';
import type { SyncRun } from '../api-types';
import { CliError, ExitCode } from '../exit-codes';
import type { ProgressView } from '../output/progress';

const FINAL: ReadonlySet<SyncRun['status']> = new Set(['succeeded', 'failed', 'awaiting_confirmation']);
/** polls that may fail in a row (an API restart) before we give up */
const MAX_UNREACHABLE = 5;

export interface FollowOptions {
  view: ProgressView;
  stderr: Writable;
  intervalMs: number;
  /** 0: follow until the run ends */
  timeoutMs: number;
  sleep: (ms: number) => Promise<unknown>;
}

/** Polls GET /api/sync-runs/:runId until the run ends (or the timeout), drawing each state. */
export async function followRun(api: ApiClient, runId: string, options: FollowOptions): Promise<SyncRun> {
  const { view } = options;
  const deadline = options.timeoutMs > 0 ? Date.now() + options.timeoutMs : Infinity;
  const interrupt = () => {
    view.end();
    options.stderr.write(
      `entra-sync: stopped following sync run ${runId}; it continues on the server (GET /api/sync-runs/${runId})\n`,
    );
    process.exit(ExitCode.interrupted);
  };
  process.once('SIGINT', interrupt);
  let failures = 0;
  try {
    for (;;) {
      let run: SyncRun;
      try {
        run = await api.get<SyncRun>(`/api/sync-runs/${runId}`);
        failures = 0;
      } catch (err) {
        if (!(err instanceof CliError && err.code === ExitCode.unreachable) || ++failures >= MAX_UNREACHABLE)
          throw err;
        await options.sleep(options.intervalMs);
        continue;
      }
      view.update(run);
      if (FINAL.has(run.status) || Date.now() >= deadline) return run;
      await options.sleep(Math.min(options.intervalMs, Math.max(0, deadline - Date.now())));
    }
  } finally {
    process.off('SIGINT', interrupt);
    view.end();
  }
}

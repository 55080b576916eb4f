import { setTimeout as sleep } from 'node:timers/promises';
import { flagOption, stringOption, type CommandSpec, type OptionValues } from '../command';
import { CliError, ExitCode, usageError } from '../exit-codes';
import { span } from '../output/format';
import { barProgress, countsSummary, lineProgress } from '../output/progress';
import { resolveConnection } from '../resolve-connection';
import { followRun } from './sync-follow';

export const sync: CommandSpec = {
  name: 'sync',
  args: '<connection>',
  arity: [1, 1],
  summary: 'Run a full sync of a connection (S8) and follow it with a progress bar',
  description: [
    'Every in-scope user is re-applied; users synced before but now out of scope are handled by S5.',
    'On a terminal a progress bar is drawn on stderr; otherwise plain progress lines (CI logs, pipes).',
    'Exits 1 when the run fails, or when it stops because it would remove access from more than the',
    'configured share of synced users (S8 safety stop): check the numbers, then confirm with',
    '--confirm-deactivations. Ctrl-C stops following; the run continues on the server.',
  ],
  options: {
    'confirm-deactivations': {
      type: 'boolean',
      description: 'S8: proceed even if the run deactivates more than the safety share',
    },
    detach: { type: 'boolean', description: 'start the run, print its id and exit without following it' },
    timeout: {
      type: 'string',
      value: '<seconds>',
      description: 'stop following after this long (exit 1; the run goes on)',
    },
    interval: { type: 'string', value: '<seconds>', description: 'poll period (default 1)' },
  },
  examples: [
    'entra-sync sync Contoso',
    'entra-sync sync Contoso --confirm-deactivations',
    'entra-sync sync Contoso --json > run.json   # progress on stderr, the finished run on stdout',
  ],
  async run({ io, out, json, api, positionals, values }) {
    const { timeoutMs, intervalMs } = timing(values);
    const client = api();
    const connection = await resolveConnection(client, positionals[0] ?? '');
    const confirm = flagOption(values, 'confirm-deactivations');
    const { runId } = await client.post<{ runId: string }>(
      `/api/connections/${connection.id}/sync`,
      confirm ? { confirmDeactivations: true } : {},
    );
    if (flagOption(values, 'detach')) {
      if (json) out.json({ runId, connectionId: connection.id });
      else out.line(`Sync run ${runId} started for ${connection.name}.`);
      return ExitCode.ok;
    }
    const startedAt = Date.now();
    const view = io.stderrIsTty
      ? barProgress(out.stderr, startedAt)
      : lineProgress(out.stderr, `sync ${connection.name}`);
    const run = await followRun(client, runId, { view, stderr: out.stderr, intervalMs, timeoutMs, sleep });
    if (json) out.json(run);
    const took = span((Date.now() - startedAt) / 1000);
    switch (run.status) {
      case 'succeeded':
        if (!json)
          out.line(
            `Sync run ${run.id} of ${connection.name} succeeded in ${took}: ${run.counts.total ?? 0} users, ${countsSummary(run.counts)}.`,
          );
        return ExitCode.ok;
      case 'awaiting_confirmation':
        throw new CliError(
          ExitCode.failure,
          `${run.error ?? 'S8 safety stop: the run waits for confirmation.'} To proceed: entra-sync sync ${quote(connection.name)} --confirm-deactivations`,
        );
      case 'failed':
        throw new CliError(ExitCode.failure, `sync run ${run.id} failed: ${run.error ?? 'no reason given'}`);
      default:
        throw new CliError(
          ExitCode.failure,
          `sync run ${run.id} is still ${run.status} after ${took}; it continues on the server (GET /api/sync-runs/${run.id})`,
        );
    }
  },
};

function timing(values: OptionValues) {
  const seconds = (name: string, fallback: number, min: number) => {
    const text = stringOption(values, name);
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isFinite(n) || n < min)
      throw usageError(`--${name} must be a number of seconds ≥ ${min}, got '${text}'`);
    return n * 1000;
  };
  return { timeoutMs: seconds('timeout', 0, 0), intervalMs: seconds('interval', 1000, 0.05) };
}

const quote = (name: string) => (/^[\w.@-]+$/.test(name) ? name : `'${name.replace(/'/g, `'\\''`)}'`);

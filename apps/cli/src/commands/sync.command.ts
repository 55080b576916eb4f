import { setTimeout as sleep } from 'node:timers/promises';
import { Argument, Option } from 'commander';
import { flagOption, stringArg, type CommandSpec } from '../command';
import { CliError, ExitCode } from '../exit-codes';
import { seconds } from '../option-parsers';
import { span } from '../output/format';
import { barProgress, countsSummary, lineProgress } from '../output/progress';
import { resolveConnection } from '../resolve-connection';
import { followRun } from './sync-follow';

export const sync: CommandSpec = {
  name: 'sync',
  arguments: [new Argument('<connection>')],
  summary: 'Run a full sync of a connection (S8) and follow it with a progress bar',
  description:
    'Every in-scope user is re-applied; users synced before but now out of scope are handled by S5. ' +
    'On a terminal a progress bar is drawn on stderr; otherwise plain progress lines (CI logs, pipes). ' +
    'Exits 1 when the run fails, or when it would remove access from more than the configured share of ' +
    'synced users (S8 safety stop): everything else is applied and those removals wait — review them with ' +
    '`entra-sync confirm list`, then approve or reject. Ctrl-C stops following; the run continues on the server.',
  options: [
    new Option('--detach', 'start the run, print its id and exit without following it'),
    new Option('--timeout <seconds>', 'stop following after this long (exit 1; the run goes on)').argParser(
      seconds(0),
    ),
    new Option('--interval <seconds>', 'poll period (default 1)').argParser(seconds(0.05)),
  ],
  examples: [
    'entra-sync sync Contoso',
    'entra-sync sync Contoso --json > run.json   # progress on stderr, the finished run on stdout',
  ],
  async run({ io, out, json, api, args, options }) {
    const timeoutMs = ((options.timeout as number | undefined) ?? 0) * 1000;
    const intervalMs = ((options.interval as number | undefined) ?? 1) * 1000;
    const client = api();
    const connection = await resolveConnection(client, stringArg(args, 0) ?? '');
    const { runId } = await client.post<{ runId: string }>(`/api/connections/${connection.id}/sync`, {});
    if (flagOption(options, 'detach')) {
      if (json) out.json({ runId, connectionId: connection.id });
      else out.line(`Sync run ${runId} started for ${connection.name}.`);
      return ExitCode.ok;
    }
    const startedAt = Date.now();
    const view = io.stderrIsTty
      ? barProgress(out.stderr)
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
          `${run.error ?? 'S8 safety stop: removals wait for confirmation.'} Review them: entra-sync confirm list ${quote(connection.name)}`,
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

const quote = (name: string) => (/^[\w.@-]+$/.test(name) ? name : `'${name.replace(/'/g, `'\\''`)}'`);

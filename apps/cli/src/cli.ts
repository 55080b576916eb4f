import { CommanderError } from 'commander';
import { ApiError } from './api-client';
import type { CommandSpec } from './command';
import { commands } from './commands';
import { CliError, ExitCode } from './exit-codes';
import type { Io } from './io';
import { toJson } from './output/json';
import { buildProgram } from './program';

/** `entra-sync <argv>`: run one command and turn every failure into one stderr line and an exit code. */
export async function run(
  argv: readonly string[],
  io: Io,
  options: { specs?: readonly CommandSpec[]; version?: string } = {},
): Promise<number> {
  let code: ExitCode = ExitCode.ok;
  const program = buildProgram(io, options.specs ?? commands, options.version ?? 'entra-sync', (ran) => {
    code = ran;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (err) {
    // help and --version end parsing through an exception that carries exit code 0
    if (err instanceof CommanderError && err.exitCode === 0) return ExitCode.ok;
    return report(err, io, program.opts().json === true);
  }
}

function report(err: unknown, io: Io, json: boolean): number {
  if (err instanceof CliError) {
    if (json && err instanceof ApiError) io.stdout.write(toJson(err.problem));
    const hint =
      err.code === ExitCode.unauthorized && err instanceof ApiError ? ' (check --token or ADMIN_TOKEN)' : '';
    io.stderr.write(`entra-sync: ${err.message}${hint}\n`);
    return err.code;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr.write(`entra-sync: unexpected error: ${message.split('\n')[0]}\n`);
  return ExitCode.failure;
}

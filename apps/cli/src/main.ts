import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ApiClient, ApiError } from './api-client';
import type { CommandSpec, OptionValues } from './command';
import { commands } from './commands';
import { apiConfig } from './config';
import { CliError, ExitCode, usageError } from './exit-codes';
import { findCommand } from './find-command';
import { globalOptions } from './global-options';
import { commandHelp } from './help';
import { processIo, type Io } from './io';
import { createOutput } from './output/output';
import { toJson } from './output/json';

// `entra-sync`: dispatch to one command, and turn every failure into one stderr line and an exit code.

export async function run(argv: readonly string[], io: Io): Promise<number> {
  let json = argv.includes('--json');
  try {
    const found = findCommand(argv, commands);
    if (found.kind === 'help') return print(io, found.text);
    if (found.kind === 'version') return print(io, `${version()}\n`);
    const { spec } = found;
    const { values, positionals } = parse(spec, found.rest);
    json = values.json === true;
    if (values.help === true) return print(io, commandHelp(spec));
    checkArity(spec, positionals);
    let client: ApiClient | undefined;
    const api = () =>
      (client ??= new ApiClient(
        apiConfig(
          { url: values.url as string | undefined, token: values.token as string | undefined },
          io.env,
        ),
      ));
    return await spec.run({ io, out: createOutput(io.stdout, io.stderr), values, positionals, json, api });
  } catch (err) {
    return report(err, io, json);
  }
}

function parse(spec: CommandSpec, args: string[]): { values: OptionValues; positionals: string[] } {
  const options = Object.fromEntries(
    Object.entries({ ...globalOptions, ...spec.options }).map(([name, o]) => [
      name,
      { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) },
    ]),
  );
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    // node's messages run on with advice about '--'; the first sentence says it
    const message = err instanceof Error ? (err.message.split(/\.\s/)[0] ?? err.message) : String(err);
    throw usageError(`${message.replace(/\.$/, '')} (see entra-sync ${spec.name} --help)`);
  }
}

function checkArity(spec: CommandSpec, positionals: string[]): void {
  const [min, max] = spec.arity;
  if (positionals.length < min)
    throw usageError(`${spec.name} needs ${spec.args ?? 'an argument'} (see entra-sync ${spec.name} --help)`);
  if (positionals.length > max)
    throw usageError(`unexpected argument '${positionals[max]}' (see entra-sync ${spec.name} --help)`);
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

function print(io: Io, text: string): number {
  io.stdout.write(text);
  return ExitCode.ok;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
  return `entra-sync ${pkg.version}`;
}

const io = processIo();
// `entra-sync … | head`: a closed pipe is not an error
io.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
void run(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
});

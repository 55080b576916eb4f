import type { Readable } from 'node:stream';
import { CliError, ExitCode, usageError } from './exit-codes';
import type { Io } from './io';

export interface SecretSources {
  /** `--client-secret-stdin` */
  fromStdin: boolean;
  /** `--client-secret <value>`: allowed, with a warning (shell history, process list) */
  fromArgv: string | undefined;
}

/** S7.1: the secret comes from stdin or a prompt without echo; it is never printed. */
export async function readClientSecret(io: Io, sources: SecretSources, warn: (text: string) => void) {
  if (sources.fromStdin && sources.fromArgv !== undefined)
    throw usageError('pass the client secret once: --client-secret-stdin or --client-secret, not both');
  if (sources.fromArgv !== undefined) {
    warn(
      '--client-secret leaves the secret in shell history and the process list; prefer --client-secret-stdin or the prompt',
    );
    return required(sources.fromArgv, '--client-secret');
  }
  if (sources.fromStdin) return required(stripNewline(await readAll(io.stdin)), 'stdin');
  if (!io.stdinIsTty || typeof io.stdin.setRawMode !== 'function')
    throw usageError('no terminal to prompt for the client secret: pipe it in with --client-secret-stdin');
  return required(await promptHidden(io, 'Client secret: '), 'the prompt');
}

function required(secret: string, source: string): string {
  if (secret.length === 0) throw usageError(`the client secret from ${source} is empty`);
  return secret;
}

const stripNewline = (text: string) => text.replace(/\r?\n$/, '');

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** Raw mode: the terminal echoes nothing; Enter ends, Backspace deletes, Ctrl-C / Ctrl-D on empty abort. */
function promptHidden(io: Io, prompt: string): Promise<string> {
  const stdin = io.stdin;
  // raw mode before the prompt shows, so nothing typed after it is ever echoed
  stdin.setRawMode?.(true);
  io.stderr.write(prompt);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise<string>((resolve, reject) => {
    let secret = '';
    const finish = (error: CliError | null) => {
      stdin.off('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      io.stderr.write('\n');
      if (error) reject(error);
      else resolve(secret);
    };
    const onData = (data: string) => {
      for (const char of data) {
        if (char === '\r' || char === '\n') return finish(null);
        if (char === '\u0003' || (char === '\u0004' && secret === ''))
          return finish(new CliError(ExitCode.interrupted, 'cancelled'));
        if (char === '\u007f' || char === '\b') secret = [...secret].slice(0, -1).join('');
        else if (char >= ' ') secret += char;
      }
    };
    stdin.on('data', onData);
  });
}

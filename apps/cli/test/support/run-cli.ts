import { spawn } from 'node:child_process';
import { join } from 'node:path';

// The source, as the bin runs it without a build (the bin prefers dist/main.js, which may be older than the
// code under test); the built CLI is started by scripts/check-production-build.sh.
const MAIN = join(__dirname, '..', '..', 'src', 'main.ts');
const SOURCE_ARGS = ['--import', 'tsx', MAIN];

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRun {
  /** everything so far */
  stdout(): string;
  stderr(): string;
  write(text: string): void;
  endInput(): void;
  kill(signal: NodeJS.Signals): void;
  /** resolves once `text` shows on stdout or stderr */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  done: Promise<CliResult>;
}

/** A minimal environment: nothing of the test process (tokens, URLs) leaks into the CLI unless given. */
export function cliEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const base = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8' };
  return Object.fromEntries(Object.entries({ ...base, ...env }).filter(([, v]) => v !== undefined));
}

/** `entra-sync <args>` as a real child process (the source through tsx, like the bin without a build). */
export function startCli(
  args: string[],
  env: Record<string, string | undefined>,
  options: { tty?: boolean } = {},
): CliRun {
  // `script` gives the CLI a pseudo-terminal for stdin, stdout and stderr (prompt and progress bar tests)
  const child = options.tty
    ? spawn(
        'script',
        ['-qefc', [process.execPath, ...SOURCE_ARGS, ...args].map(shellQuote).join(' '), '/dev/null'],
        {
          env: cliEnv(env),
        },
      )
    : spawn(process.execPath, [...SOURCE_ARGS, ...args], { env: cliEnv(env) });
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((check) => check());
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    notify();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    notify();
  });
  const done = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      notify();
      resolve({ code, stdout, stderr });
    });
  });
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    write: (text) => void child.stdin.write(text),
    endInput: () => void child.stdin.end(),
    kill: (signal) => void child.kill(signal),
    done,
    waitFor(text, timeoutMs = 30_000) {
      return new Promise<void>((resolve, reject) => {
        const seen = () => {
          const all = stdout + stderr;
          return typeof text === 'string' ? all.includes(text) : text.test(all);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${String(text)}; stdout: ${stdout}; stderr: ${stderr}`));
        }, timeoutMs);
        const check = () => {
          if (!seen() && child.exitCode === null) return;
          clearTimeout(timer);
          waiters.delete(check);
          if (seen()) resolve();
          else reject(new Error(`exited before ${String(text)}; stdout: ${stdout}; stderr: ${stderr}`));
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/** Runs to the end; `input` is written to stdin (then closed). */
export async function runCli(
  args: string[],
  env: Record<string, string | undefined>,
  input?: string,
): Promise<CliResult> {
  const run = startCli(args, env);
  if (input !== undefined) run.write(input);
  run.endInput();
  return run.done;
}

const shellQuote = (arg: string) => (/^[\w./:@=-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);

/** The exit codes scripts rely on; `entra-sync --help` lists them. */
export const ExitCode = {
  ok: 0,
  /** the API reported a failure, or a sync run failed or stopped for confirmation */
  failure: 1,
  usage: 2,
  unreachable: 3,
  unauthorized: 4,
  /** Ctrl-C at a prompt or while following a sync (the shell's 128 + SIGINT) */
  interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An expected failure: printed as one line `entra-sync: <message>` on stderr, then the process exits with `code`. */
export class CliError extends Error {
  constructor(
    readonly code: ExitCode,
    message: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const usageError = (message: string) => new CliError(ExitCode.usage, message);

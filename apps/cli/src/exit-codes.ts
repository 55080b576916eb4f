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

/** What each exit code means, as `entra-sync --help` lists them. */
export const EXIT_CODES: readonly (readonly [code: ExitCode, meaning: string])[] = [
  [ExitCode.ok, 'ok'],
  [
    ExitCode.failure,
    'failure reported by the API (problem+json detail on stderr), or a sync run failed or stopped for S8 confirmation',
  ],
  [
    ExitCode.usage,
    "usage error: unknown command or option, missing or malformed argument (or the API's 400)",
  ],
  [ExitCode.unreachable, 'cannot reach the API (or the database, for migrate)'],
  [ExitCode.unauthorized, 'unauthorized: missing or wrong admin token'],
  [ExitCode.interrupted, 'interrupted (Ctrl-C at the secret prompt or while following a sync)'],
];

import type { Bindings, ChildLoggerOptions, Level, Logger } from 'pino';

type Write = (...args: unknown[]) => void;

/**
 * A child logger that is made only when something is logged at an enabled level. Fastify makes one child per
 * request; the receiver's requests almost never log, and pino's child() (bindings serialized, redaction
 * prepared) was about 3 % of a request's CPU (decision N13).
 */
export class LazyChildLogger {
  #child: Logger | undefined;

  constructor(
    private readonly parent: Logger,
    private readonly bindings: Bindings,
    private readonly options?: ChildLoggerOptions,
  ) {}

  /** whether pino's child exists yet (for tests) */
  get made(): boolean {
    return this.#child !== undefined;
  }

  private get child_(): Logger {
    return (this.#child ??= this.parent.child(this.bindings, this.options));
  }

  get level(): string {
    return (this.#child ?? this.parent).level;
  }

  set level(level: string) {
    this.child_.level = level;
  }

  private write(level: Level, args: unknown[]): void {
    if (!(this.#child ?? this.parent).isLevelEnabled(level)) return;
    (this.child_[level] as Write)(...args);
  }

  fatal(...args: unknown[]): void {
    this.write('fatal', args);
  }
  error(...args: unknown[]): void {
    this.write('error', args);
  }
  warn(...args: unknown[]): void {
    this.write('warn', args);
  }
  info(...args: unknown[]): void {
    this.write('info', args);
  }
  debug(...args: unknown[]): void {
    this.write('debug', args);
  }
  trace(...args: unknown[]): void {
    this.write('trace', args);
  }
  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): Logger {
    return this.child_.child(bindings, options);
  }
}

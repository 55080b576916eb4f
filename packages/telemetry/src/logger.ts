import pino, { type DestinationStream, type Logger } from 'pino';

// Paths pino blanks out wherever they appear (one level of nesting covers request/job objects).
export const REDACT_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  '*.authorization',
  'clientSecret',
  '*.clientSecret',
  'client_secret',
  '*.client_secret',
  'clientState',
  '*.clientState',
  'accessToken',
  '*.accessToken',
  'access_token',
  '*.access_token',
  'refreshToken',
  '*.refreshToken',
  'password',
  '*.password',
  'secret',
  '*.secret',
  'token',
  '*.token',
  'encryptionKey',
  '*.encryptionKey',
];

const SECRET_SHAPES: RegExp[] = [
  /(client_secret=)[^&\s"]+/gi,
  /(Bearer\s+)[A-Za-z0-9._~+/=-]+/g,
  /("clientState"\s*:\s*")[^"]*/g,
  /(access_token"?\s*[:=]\s*"?)[A-Za-z0-9._~+/=-]+/gi,
];

/** Scrubs secrets that hide inside free text (error messages, URLs) before they reach a log or a response. */
export function scrubSecrets(text: string): string {
  return SECRET_SHAPES.reduce((acc, shape) => acc.replace(shape, '$1[Redacted]'), text);
}

export interface LoggerOptions {
  service: string;
  version?: string;
  level?: string;
  destination?: DestinationStream;
}

export function createLogger({
  service,
  version = '0.1.0',
  level = 'info',
  destination,
}: LoggerOptions): Logger {
  return pino(
    {
      level,
      base: { service, version },
      redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
      serializers: {
        err: (err: unknown) => {
          const serialized = pino.stdSerializers.err(err as Error);
          return {
            ...serialized,
            message: scrubSecrets(serialized.message),
            stack: scrubSecrets(serialized.stack),
          };
        },
      },
    },
    destination,
  );
}

/** The part of pino's default destination (sonic-boom) that ending it needs. */
interface EndableDestination {
  end(): void;
  once(event: 'close', listener: () => void): unknown;
  flushSync(): void;
  destroyed?: boolean;
}

const isEndable = (stream: unknown): stream is EndableDestination =>
  typeof stream === 'object' &&
  stream !== null &&
  ['end', 'once', 'flushSync'].every((m) => typeof (stream as Record<string, unknown>)[m] === 'function');

/**
 * Writes out every line the logger still holds, then calls `done`: the last thing before a process exits.
 * pino's `flush(cb)` calls back at once while a write is still in flight on its thread-pool thread, and the
 * exit hook's synchronous flush then races that write: the last lines arrived out of order or not at all. So
 * the default destination is ended instead (it waits for that write, writes the rest, then closes).
 */
export function endLogger(logger: Logger, done: () => void): void {
  const stream: unknown = (logger as unknown as Record<symbol, unknown>)[pino.symbols.streamSym];
  if (isEndable(stream) && !stream.destroyed) {
    stream.once('close', done);
    stream.end();
  } else logger.flush(() => done());
}

/** STYLE habit 13: one child logger per job, never with the payload at info. */
export function jobLogger(
  logger: Logger,
  job: { id?: string; queueName: string; attemptsMade: number },
): Logger {
  return logger.child({ jobId: job.id, queue: job.queueName, attempt: job.attemptsMade + 1 });
}

export type { Logger };

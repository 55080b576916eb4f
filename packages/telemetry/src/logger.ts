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

/** STYLE habit 13: one child logger per job, never with the payload at info. */
export function jobLogger(
  logger: Logger,
  job: { id?: string; queueName: string; attemptsMade: number },
): Logger {
  return logger.child({ jobId: job.id, queue: job.queueName, attempt: job.attemptsMade + 1 });
}

export type { Logger };

export {
  createLogger,
  jobLogger,
  scrubSecrets,
  REDACT_PATHS,
  type Logger,
  type LoggerOptions,
} from './logger';

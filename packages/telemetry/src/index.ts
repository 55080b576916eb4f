export {
  createLogger,
  endLogger,
  jobLogger,
  scrubSecrets,
  REDACT_PATHS,
  type Logger,
  type LoggerOptions,
} from './logger';
export { LazyChildLogger } from './lazy-child';
export { createMetrics, END_TO_END_BUCKETS, type Metrics, type MetricsOptions } from './metrics';
export {
  CONNECTION_STATES,
  type ConnectionSnapshot,
  type ConnectionState,
  type GraphRequestCounts,
  type QueueSnapshot,
} from './metric-collectors';
export { runService, ServiceExit, type RunServiceOptions, type ShutdownStep } from './run-service';

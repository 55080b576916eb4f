export * from './catalog';
export * from './job-ids';
export { jitteredBackoff } from './backoff';
export { Producer } from './producer';
export { closeRedis, createRedis, watchRedis } from './redis';
export { queueStats, queueStatsOf, type QueueStats } from './queue-stats';
export {
  listDeadLetters,
  getDeadLetter,
  retryDeadLetter,
  retryAllDeadLetters,
  discardDeadLetter,
  deadLetterId,
  parseDeadLetterId,
  queueKeyOf,
  type DeadLetter,
  type DeadLetterQuery,
  type DeadLetterAction,
} from './dead-letters';

export * from './catalog';
export * from './job-ids';
export { jitteredBackoff } from './backoff';
export { Producer } from './producer';
export { closeRedis, createRedis, watchRedis } from './redis';
export { readEvictionPolicy, evictingProblem, type EvictionPolicy } from './eviction-policy';
export {
  EvictingRedisError,
  guardEvictionPolicy,
  notReadyDetail,
  redisReadiness,
  type GuardLog,
  type RedisReadiness,
} from './redis-guard';
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
export { deadLettersDropped, enforceDeadLetterCap } from './dead-letter-cap';

export * from './catalog';
export * from './job-ids';
export { jitteredBackoff } from './backoff';
export { Producer } from './producer';
export { createRedis } from './redis';

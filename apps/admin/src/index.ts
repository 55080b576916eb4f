export { adminApi, buildAdmin, BODY_LIMIT } from './app';
export type { AdminDeps } from './deps';
export { adminEnvSchema, loadAdminEnv, type AdminEnv } from './env';

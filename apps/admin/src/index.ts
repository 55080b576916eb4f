export { adminApi, buildAdmin, BODY_LIMIT } from './app';
export type { AdminDeps } from './deps';
export { adminEnvSchema, loadAdminEnv, type AdminEnv } from './env';
export { signInConfigFrom, type SignInConfig } from './signin/signin-config';

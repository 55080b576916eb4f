export { freePort } from './free-port';
export { OwnedProcess, waitFor } from './child';
export { PrivatePostgres, POSTGRES_BIN, type PrivatePostgresOptions } from './private-postgres';
export { PrivateRedis, type PrivateRedisOptions } from './private-redis';

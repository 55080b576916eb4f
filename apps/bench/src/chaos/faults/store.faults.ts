import type { Fault } from './fault';

/** pg_terminate_backend on every client session (workers, receiver, admin, the suite's own pool). */
export const pgTerminateBackends: Fault = {
  kind: 'pg-terminate-backends',
  async inject({ stack }) {
    return `${await stack.postgres.terminateBackends()} sessions terminated`;
  },
};

export const pgRestartFast: Fault = {
  kind: 'pg-restart-fast',
  async inject({ stack }) {
    await stack.postgres.restart('fast');
    return 'pg_ctl -m fast equivalent (SIGINT), started again';
  },
};

/** SIGQUIT: no checkpoint, crash recovery on the next start. */
export const pgRestartImmediate: Fault = {
  kind: 'pg-restart-immediate',
  async inject({ stack }) {
    await stack.postgres.restart('immediate');
    return 'pg_ctl -m immediate equivalent (SIGQUIT), crash recovery on start';
  },
};

/** Redis with AOF (fsync always) stopped cleanly and started again on the same port. */
export const redisRestart: Fault = {
  kind: 'redis-restart',
  async inject({ stack }) {
    await stack.redisServer.restart('SIGTERM');
    return 'SIGTERM, started again (AOF)';
  },
};

/** Redis killed (SIGKILL): every acknowledged write is in the AOF (appendfsync always). */
export const redisCrash: Fault = {
  kind: 'redis-crash',
  async inject({ stack }) {
    await stack.redisServer.restart('SIGKILL');
    return 'SIGKILL, started again (AOF)';
  },
};

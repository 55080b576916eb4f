import type { Fault, FaultKind } from './fault';
import { deltaTokenExpiry, graph429Storm, graph503, graphHang, secretRotation } from './graph.faults';
import { workerKill, workerKillInCommit } from './process.faults';
import {
  pgRestartFast,
  pgRestartImmediate,
  pgTerminateBackends,
  redisCrash,
  redisRestart,
} from './store.faults';

export { FAULT_KINDS, type Fault, type FaultContext, type FaultKind } from './fault';

export const FAULTS: Record<FaultKind, Fault> = {
  'worker-kill': workerKill,
  'worker-kill-in-commit': workerKillInCommit,
  'pg-terminate-backends': pgTerminateBackends,
  'pg-restart-fast': pgRestartFast,
  'pg-restart-immediate': pgRestartImmediate,
  'redis-restart': redisRestart,
  'redis-crash': redisCrash,
  'graph-503': graph503,
  'graph-hang': graphHang,
  'graph-429-storm': graph429Storm,
  'delta-token-expiry': deltaTokenExpiry,
  'secret-rotation': secretRotation,
};

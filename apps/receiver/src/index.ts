export { buildReceiver, receiverRoutes, type ReceiverDeps, type ReceiverOptions } from './app';
export { graphRoutes, BODY_LIMIT, type GraphRoutesOptions } from './graph.routes';
export { probeRoutes, type ProbeRoutesOptions } from './probe.routes';
export { loadReceiverEnv, receiverEnvSchema, type ReceiverEnv } from './env';
export type { IngestResult, NotificationOutcome, LifecycleOutcome } from './notifications/outcomes';

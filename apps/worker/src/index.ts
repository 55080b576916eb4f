// What other workspaces (the benchmark, tests) start or call of the worker.
export { startWorkerRuntime, type WorkerRuntime } from './runtime';
export { workerEnvSchema, type WorkerEnv } from './env';
export { syncSchedules } from './schedules';

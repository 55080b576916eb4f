// The measured limits other workspaces' benchmarks compare against (apps/bench).
export { rawUpsertRate, type RawResult } from './raw-upsert';
export { backendCpuSeconds } from './backend-cpu';

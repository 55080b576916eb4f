export { startEmulator, type EmulatorOptions, type RunningEmulator } from './emulator';
export { ensureTls, type TlsFiles } from './tls/ensure-tls';
export {
  EmulatorState,
  DEFAULT_PERMISSIONS,
  type Tenant,
  type FaultConfig,
  type DeliveryRecord,
} from './state/emulator-state';
export { Directory } from './state/directory';
export { EmulatorError } from './state/emulator-error';
export type {
  EmuUser,
  EmuGroup,
  EmuApp,
  EmuSubscription,
  UserInput,
  UserPatch,
  GroupInput,
} from './state/types';
export type { SeedOptions, SeedResult } from './state/seed';
export { startTestEmulator } from './testing/start-test-emulator';
export { createTestTenant, type TestTenant } from './testing/test-tenant';

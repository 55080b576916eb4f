export { createTestTenant, startTestEmulator, type TestTenant } from '@entra-sync/graph-emulator';

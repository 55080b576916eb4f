export { EnvError } from './env-error';
export { StartRefused } from './start-refused';
export { envFields, SIGNIN_VARIABLES, signInAllOrNone } from './env-fields';
export { loadEnv } from './load-env';
export { BUNDLED, builtEntryFile, nodeEntry, TS_NODE_FLAGS, type NodeEntry } from './node-flags';
export { dbTimeoutFields, dbTimeouts, type DbTimeouts } from './db-timeouts';

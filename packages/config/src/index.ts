export { EnvError } from './env-error';
export { envFields } from './env-fields';
export { loadEnv } from './load-env';
export { TS_NODE_FLAGS } from './node-flags';

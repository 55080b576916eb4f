import type { OptionSpec } from './command';

/** Options every command takes. */
export const globalOptions: Record<string, OptionSpec> = {
  url: {
    type: 'string',
    value: '<url>',
    description: 'admin API base URL (env ENTRA_SYNC_URL; default http://127.0.0.1:$PORT, PORT 3000)',
  },
  token: {
    type: 'string',
    value: '<token>',
    description: 'admin token (env ADMIN_TOKEN, preferred: argv shows in history and the process list)',
  },
  json: { type: 'boolean', description: 'machine-readable JSON on stdout, nothing else there' },
  help: { type: 'boolean', short: 'h', description: 'help for the tool or a command' },
};

/** global options that take a value, so the command finder skips it */
export const VALUE_OPTIONS = new Set(['--url', '--token']);

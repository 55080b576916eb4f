// Prepares the emulator's certificates before any process that must trust them starts.
// The last line of stdout is the bundle path for NODE_EXTRA_CA_CERTS (scripts/test.js reads it).
import { ensureTls } from './ensure-tls';

ensureTls(process.argv[2] ?? '.data/tls').then(
  (files) => {
    process.stdout.write(`${files.bundlePath}\n`);
  },
  (err: unknown) => {
    process.stderr.write(`ensure-tls failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);

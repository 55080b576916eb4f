import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './cli';
import { processIo } from './io';

// `entra-sync`: the process around src/cli.ts.

const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
const io = processIo();
// `entra-sync … | head`: a closed pipe is not an error
io.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
void run(process.argv.slice(2), io, { version: `entra-sync ${pkg.version}` }).then((code) => {
  process.exitCode = code;
});

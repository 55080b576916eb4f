// The console step of a build that bundles the admin app (apps/admin, and the launcher's web server):
// `node --require tsx/cjs <admin>/src/console/write-console.main.ts dist/console` writes the static files and
// the browser bundle where the built server reads them (console-assets.ts).
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleConsoleScript, STATIC_DIR } from './console-bundle';
import { STATIC_FILES } from './console-files';

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: write-console.main.ts <output folder>');
  await mkdir(dir, { recursive: true });
  for (const name of STATIC_FILES) await copyFile(path.join(STATIC_DIR, name), path.join(dir, name));
  await writeFile(path.join(dir, 'app.js'), await bundleConsoleScript());
  process.stdout.write(`console written to ${dir}/\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`console build failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

// `entra-sync-build [--outdir dist] <entry.ts>…` in an app's folder: its `npm run build` (see build-app.ts).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from './build-app';

async function main(): Promise<void> {
  const started = Date.now();
  const { values, positionals } = parseArgs({
    options: { outdir: { type: 'string', default: 'dist' } },
    allowPositionals: true,
  });
  if (positionals.length === 0) throw new Error('usage: entra-sync-build [--outdir dist] <entry.ts>…');
  const built = await buildApp({ appDir: process.cwd(), entries: positionals, outdir: values.outdir });
  const files = built.files.map((f) => path.relative(process.cwd(), f)).join(', ');
  process.stdout.write(
    `built ${files} in ${Date.now() - started} ms; npm packages at run time: ${built.packages.join(', ') || 'none'}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`entra-sync-build: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

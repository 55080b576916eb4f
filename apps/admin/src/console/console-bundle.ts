import path from 'node:path';
import { build } from 'esbuild';

/** Where the hand-written files are in the source tree (the build copies them beside `app.js`). */
export const STATIC_DIR = path.join(__dirname, 'static');

// Build time and source runs only (console-assets.ts loads this module only outside a bundle): esbuild is a
// devDependency, never needed by a production process.

/** `app.js`: the TypeScript under `web/` bundled for the browser by esbuild (no CDN, no framework). */
export async function bundleConsoleScript(): Promise<Buffer> {
  const result = await build({
    entryPoints: [path.join(__dirname, 'web', 'main.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('console: esbuild produced no bundle');
  return Buffer.from(output.contents);
}

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type * as ConsoleBundle from './console-bundle';
import { CONSOLE_FILES, type ConsoleFile, STATIC_FILES } from './console-files';

// Defined as true by the build (packages/build), like `BUNDLED` in @entra-sync/config; tested here directly so
// the build drops the source-run branch, and esbuild (a devDependency) with it.
declare const ENTRA_SYNC_BUNDLE: boolean | undefined;

export interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

const asset = (body: Buffer, type: string): Asset => ({
  body,
  type,
  etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
});

let assets: Promise<Map<string, Asset>> | null = null;

/**
 * The console's files, by URL name, read once per process. A build (`node apps/admin/dist/main.js`, and the
 * launcher's built web server) serves what `npm run build` wrote into `console/` beside its bundle and never
 * runs esbuild; a source run bundles `app.js` from `web/` on first use, so an edit shows on the next start (O3).
 */
export function consoleAssets(): Promise<Map<string, Asset>> {
  assets ??= load().catch((err: unknown) => {
    assets = null;
    throw err;
  });
  return assets;
}

async function load(): Promise<Map<string, Asset>> {
  if (typeof ENTRA_SYNC_BUNDLE !== 'undefined') {
    // in a bundle, __dirname is its dist/ folder
    return readAll(path.join(__dirname, 'console'), Object.keys(CONSOLE_FILES) as ConsoleFile[]);
  } else {
    // require, not import(): source runs have tsx's CommonJS hook only (N11), which import() bypasses
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { bundleConsoleScript, STATIC_DIR } = require('./console-bundle') as typeof ConsoleBundle;
    const files = await readAll(STATIC_DIR, STATIC_FILES);
    return files.set('app.js', asset(await bundleConsoleScript(), CONSOLE_FILES['app.js']));
  }
}

async function readAll(dir: string, names: readonly ConsoleFile[]): Promise<Map<string, Asset>> {
  const bodies = await Promise.all(
    names.map((name) =>
      readFile(path.join(dir, name)).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
        throw new Error(`console: ${path.join(dir, name)} is missing (npm run build writes it)`);
      }),
    ),
  );
  return new Map(names.map((name, i) => [name, asset(bodies[i] as Buffer, CONSOLE_FILES[name])]));
}

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

export interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

const STATIC_DIR = path.join(__dirname, 'static');
const ENTRY = path.join(__dirname, 'web', 'main.ts');

const asset = (body: Buffer, type: string): Asset => ({
  body,
  type,
  etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
});

let assets: Promise<Map<string, Asset>> | null = null;

/**
 * The console's files, by URL name: the HTML shell and stylesheet as written, and `app.js`, the TypeScript
 * under `web/` bundled once per process by esbuild (no CDN, no build step before `npm start`).
 */
export function consoleAssets(): Promise<Map<string, Asset>> {
  assets ??= load().catch((err: unknown) => {
    assets = null;
    throw err;
  });
  return assets;
}

async function load(): Promise<Map<string, Asset>> {
  const [html, css, favicon, js] = await Promise.all([
    readFile(path.join(STATIC_DIR, 'index.html')),
    readFile(path.join(STATIC_DIR, 'console.css')),
    readFile(path.join(STATIC_DIR, 'favicon.svg')),
    bundle(),
  ]);
  return new Map([
    ['index.html', asset(html, 'text/html; charset=utf-8')],
    ['console.css', asset(css, 'text/css; charset=utf-8')],
    ['favicon.svg', asset(favicon, 'image/svg+xml')],
    ['app.js', asset(js, 'text/javascript; charset=utf-8')],
  ]);
}

async function bundle(): Promise<Buffer> {
  const result = await build({
    entryPoints: [ENTRY],
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

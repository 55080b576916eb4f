import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { builtEntryFile } from '@entra-sync/config';
import { npmStaysExternal } from './npm-external';
import { externalPackages, runtimeDependencyProblems } from './runtime-dependencies';
import { readWorkspaces, workspaceOf } from './workspaces';

export interface BuildAppOptions {
  /** the app's folder (apps/<app>) */
  appDir: string;
  /** its process entry points, relative to appDir (`src/main.ts`) */
  entries: readonly string[];
  /** default `dist` beside the sources; emptied first */
  outdir?: string;
}

export interface BuiltApp {
  outdir: string;
  /** the entry points' bundles, absolute */
  files: string[];
  /** npm packages loaded at run time */
  packages: string[];
  metafile: Metafile;
}

/**
 * One app's production build: each entry point as one CommonJS file in `dist/` (`src/web/web.main.ts` →
 * `dist/web.main.js`, see `builtEntryFile`), workspace code inside, npm packages left to `node_modules`
 * (npm-external.ts) — so native and optional packages (pg-native, msgpackr-extract) load as they do from
 * source — and checked against the `dependencies` that `npm prune --omit=dev` keeps. `BUNDLED` (@entra-sync/config) is true in the output.
 */
export async function buildApp(options: BuildAppOptions): Promise<BuiltApp> {
  const appDir = path.resolve(options.appDir);
  const outdir = path.resolve(appDir, options.outdir ?? 'dist');
  const root = path.resolve(appDir, '..', '..');
  const workspaces = readWorkspaces(root);
  const app = workspaceOf(path.join(appDir, 'package.json'), workspaces);
  if (!app || app.dir !== appDir) throw new Error(`${appDir} is not a workspace of ${root}`);
  await rm(outdir, { recursive: true, force: true });
  const specifiers = new Map<string, string>();
  const result = await build({
    absWorkingDir: appDir,
    entryPoints: [...options.entries],
    outdir,
    entryNames: '[name]',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // readable stack traces as they are; exact ones with NODE_OPTIONS=--enable-source-maps
    sourcemap: 'linked',
    keepNames: true,
    metafile: true,
    define: { ENTRA_SYNC_BUNDLE: 'true' },
    plugins: [npmStaysExternal(outdir, specifiers)],
    logLevel: 'warning',
  });
  const problems = runtimeDependencyProblems(app, workspaces, result.metafile, appDir, specifiers);
  if (problems.length > 0)
    throw new Error(
      `${app.name}: the build would not run after npm prune --omit=dev:\n  ${problems.join('\n  ')}`,
    );
  const files = options.entries.map((entry) =>
    path.join(outdir, path.relative('dist', builtEntryFile(entry))),
  );
  for (const file of files) if (!existsSync(file)) throw new Error(`the build wrote no ${file}`);
  return {
    outdir,
    files,
    packages: externalPackages(result.metafile, specifiers),
    metafile: result.metafile,
  };
}

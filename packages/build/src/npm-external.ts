import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'esbuild';
import { isBuiltin, packageName } from './runtime-dependencies';

/** The folder `require(name)` would load from `fromDir` (Node's walk up through node_modules), if any. */
export function packageDirFrom(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return realpathSync(candidate);
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Workspace packages export TypeScript source: they are bundled. Every npm package stays a `require` of the
 * copy the importing source file resolves today: by name when the bundle's folder finds that same copy, else by
 * its path — npm nests a workspace's dependency under `packages/<name>/node_modules` when another version holds
 * the root (`@azure/identity` under packages/graph), where a bundle in `apps/<app>/dist` would not look.
 */
export function npmStaysExternal(
  outdir: string,
  /** filled in: each path written into the bundle for a package's name, for the dependency check */
  specifiers: Map<string, string>,
): Plugin {
  return {
    name: 'npm-stays-external',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('@entra-sync/')) return undefined;
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        const name = packageName(args.path);
        const fromSource = packageDirFrom(name, args.resolveDir);
        if (!fromSource)
          return { errors: [{ text: `${name} is not installed where ${args.importer} can load it` }] };
        if (packageDirFrom(name, outdir) === fromSource) return { path: args.path, external: true };
        const file = require.resolve(args.path, { paths: [args.resolveDir] });
        const relative = `./${path.relative(outdir, file).split(path.sep).join('/')}`;
        specifiers.set(relative, args.path);
        return { path: relative, external: true };
      });
    },
  };
}

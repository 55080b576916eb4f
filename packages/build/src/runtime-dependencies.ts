import { builtinModules } from 'node:module';
import path from 'node:path';
import type { Metafile } from 'esbuild';
import { runtimeClosure, type Workspace, workspaceOf } from './workspaces';

const BUILTINS = new Set(builtinModules);

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name` */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** Node's own modules, and esbuild's helpers (`<runtime>`), which are in the bundle */
export const isBuiltin = (specifier: string): boolean =>
  specifier.startsWith('node:') || specifier === '<runtime>' || BUILTINS.has(packageName(specifier));

/**
 * What `npm prune --omit=dev` must keep for an app's bundle to run: every npm package the bundled code imports
 * has to be in the `dependencies` of the workspace whose file imports it, and every bundled workspace has to be
 * reachable from the app through `dependencies`. A devDependency that happens to be hoisted would pass a
 * plain run and fail after the prune. Returns one sentence per problem (none: the bundle is sound).
 */
export function runtimeDependencyProblems(
  app: Workspace,
  workspaces: Map<string, Workspace>,
  metafile: Metafile,
  absWorkingDir: string,
  /** paths the build wrote in place of a package's name (npm-external.ts) */
  specifiers: ReadonlyMap<string, string> = new Map(),
): string[] {
  const closure = runtimeClosure(app, workspaces);
  const problems = new Set<string>();
  for (const [input, { imports }] of Object.entries(metafile.inputs)) {
    const file = path.resolve(absWorkingDir, input);
    const owner = workspaceOf(file, workspaces);
    const where = path.relative(path.resolve(app.dir, '..', '..'), file);
    if (!owner) {
      problems.add(`${where} is bundled but belongs to no workspace`);
      continue;
    }
    if (!closure.has(owner.name))
      problems.add(
        `${app.name} bundles ${owner.name} (${where}), which is not in its dependencies (or theirs): add it to "dependencies"`,
      );
    for (const imported of imports) {
      const specifier = specifiers.get(imported.path) ?? imported.original ?? imported.path;
      if (!imported.external || isBuiltin(specifier)) continue;
      const pkg = packageName(specifier);
      if (!(pkg in owner.dependencies))
        problems.add(
          `${where} imports ${pkg} at run time, but ${owner.name} does not list it in "dependencies"` +
            (pkg in owner.devDependencies
              ? ' (only in devDependencies: npm prune --omit=dev removes it)'
              : ''),
        );
    }
  }
  return [...problems];
}

/** The npm packages a bundle loads at run time, for the build's summary. */
export function externalPackages(
  metafile: Metafile,
  specifiers: ReadonlyMap<string, string> = new Map(),
): string[] {
  const names = new Set<string>();
  for (const { imports } of Object.values(metafile.inputs))
    for (const imported of imports) {
      const specifier = specifiers.get(imported.path) ?? imported.original ?? imported.path;
      if (imported.external && !isBuiltin(specifier)) names.add(packageName(specifier));
    }
  return [...names].sort();
}

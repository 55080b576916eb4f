import path from 'node:path';
import type { Metafile } from 'esbuild';
import { packageName, runtimeDependencyProblems } from './runtime-dependencies';
import type { Workspace } from './workspaces';

const ROOT = '/repo';
const ws = (name: string, dir: string, deps: string[], dev: string[] = []): Workspace => ({
  name,
  dir: path.join(ROOT, dir),
  dependencies: Object.fromEntries(deps.map((d) => [d, '*'])),
  devDependencies: Object.fromEntries(dev.map((d) => [d, '*'])),
});
const workspaces = new Map(
  [
    ws('@x/app', 'apps/app', ['@x/lib', 'fastify']),
    ws('@x/lib', 'packages/lib', ['pg'], ['esbuild']),
    ws('@x/dev-only', 'packages/dev-only', ['zod']),
  ].map((w) => [w.name, w]),
);
const input = (imports: Metafile['inputs'][string]['imports']) => ({ bytes: 1, imports });
const metafile = (inputs: Metafile['inputs']): Metafile => ({ inputs, outputs: {} });
const app = workspaces.get('@x/app') as Workspace;
const problems = (inputs: Metafile['inputs'], specifiers?: Map<string, string>) =>
  runtimeDependencyProblems(app, workspaces, metafile(inputs), path.join(ROOT, 'apps/app'), specifiers);

describe('the build refuses a bundle that npm prune --omit=dev would break', () => {
  it('accepts npm packages each in the dependencies of the workspace that imports them, and builtins', () => {
    expect(
      problems({
        'src/main.ts': input([
          { path: 'fastify', kind: 'import-statement', external: true },
          { path: 'node:fs', kind: 'import-statement', external: true },
          { path: 'crypto', kind: 'require-call', external: true },
          { path: '<runtime>', kind: 'import-statement', external: true },
          { path: '../../packages/lib/src/index.ts', kind: 'import-statement' },
        ]),
        '../../packages/lib/src/index.ts': input([
          { path: 'pg/lib/client', kind: 'import-statement', external: true },
        ]),
      }),
    ).toEqual([]);
  });

  it('names a package imported by a workspace that has it only in devDependencies', () => {
    expect(
      problems({
        '../../packages/lib/src/bundle.ts': input([
          { path: 'esbuild', kind: 'dynamic-import', external: true },
        ]),
      }),
    ).toEqual([
      'packages/lib/src/bundle.ts imports esbuild at run time, but @x/lib does not list it in "dependencies" (only in devDependencies: npm prune --omit=dev removes it)',
    ]);
  });

  it('holds each workspace to its own dependencies: the app listing fastify does not cover the library', () => {
    expect(
      problems({
        '../../packages/lib/src/http.ts': input([
          { path: 'fastify', kind: 'import-statement', external: true },
        ]),
      }),
    ).toEqual([
      'packages/lib/src/http.ts imports fastify at run time, but @x/lib does not list it in "dependencies"',
    ]);
  });

  it('names a bundled workspace the app does not reach through dependencies', () => {
    expect(problems({ '../../packages/dev-only/src/index.ts': input([]) })).toEqual([
      '@x/app bundles @x/dev-only (packages/dev-only/src/index.ts), which is not in its dependencies (or theirs): add it to "dependencies"',
    ]);
  });

  it('checks a package written as a path into a nested node_modules by its name', () => {
    const nested = './../../../packages/lib/node_modules/@azure/identity/dist/index.js';
    const inputs = {
      '../../packages/lib/src/auth.ts': input([
        { path: nested, kind: 'import-statement' as const, external: true },
      ]),
    };
    expect(problems(inputs, new Map([[nested, '@azure/identity']]))).toEqual([
      'packages/lib/src/auth.ts imports @azure/identity at run time, but @x/lib does not list it in "dependencies"',
    ]);
  });

  it('reads scoped and deep package names', () => {
    expect(['@azure/identity/dist/x.js', 'pg/lib/client', 'zod'].map(packageName)).toEqual([
      '@azure/identity',
      'pg',
      'zod',
    ]);
  });
});

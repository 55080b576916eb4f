import path from 'node:path';

/** The repository root: children run from here so `--require tsx/cjs` and relative data paths resolve alike. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** The entry point of a workspace's process, found through its package (`apps/worker` → src/main.ts). */
export function workspaceMain(pkg: string, file = 'src/main.ts'): string {
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
}

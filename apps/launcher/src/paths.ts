import path from 'node:path';
import { nodeEntry, type NodeEntry } from '@entra-sync/config';

/**
 * The repository root: children run from here so `--require tsx/cjs` and relative data paths resolve alike.
 * (`src/` and `dist/` are both two levels below it.)
 */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** A workspace's folder, found through its package (`@entra-sync/worker` → apps/worker). */
export function workspaceDir(pkg: string): string {
  return path.dirname(require.resolve(`${pkg}/package.json`));
}

/** An entry point of a workspace's process, as this launcher runs: its source through tsx, or its build. */
export function workspaceEntry(pkg: string, source = 'src/main.ts'): NodeEntry {
  return nodeEntry(workspaceDir(pkg), source);
}

/** One of the launcher's own entry points (`src/web/web.main.ts` → `dist/web.main.js` in the build). */
export const launcherEntry = (source: string): NodeEntry => workspaceEntry('@entra-sync/launcher', source);

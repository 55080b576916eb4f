import path from 'node:path';

/**
 * How every entra-sync process runs its TypeScript: `node --require tsx/cjs <entry>.ts` (decision N11). The code
 * is CommonJS, so tsx's require hook is all it needs; `--import tsx` would also start tsx's ES-module loader on a
 * thread of its own, ≈ 15–20 MB resident per process for nothing.
 */
export const TS_NODE_FLAGS: readonly string[] = ['--require', 'tsx/cjs'];

// `npm run build` (packages/build) defines this as true in every bundle; source runs never declare it.
declare const ENTRA_SYNC_BUNDLE: boolean | undefined;

/** true in the production build (`apps/<app>/dist/*.js`), false when tsx or jest runs the TypeScript source */
export const BUNDLED: boolean = typeof ENTRA_SYNC_BUNDLE === 'boolean' && ENTRA_SYNC_BUNDLE;

/** The built file of a source entry point: `src/web/web.main.ts` → `dist/web.main.js` (the build flattens). */
export function builtEntryFile(source: string): string {
  return path.join('dist', `${path.basename(source, path.extname(source))}.js`);
}

export interface NodeEntry {
  file: string;
  /** node flags that must precede `file` (tsx's hook for the source, nothing for the build) */
  nodeArgs: readonly string[];
}

/**
 * How to start one of a workspace's entry points as a Node child, the way this process itself runs: its
 * TypeScript through tsx, or — in the build — its bundle, so a production tree never needs tsx.
 */
export function nodeEntry(packageDir: string, source: string): NodeEntry {
  return BUNDLED
    ? { file: path.join(packageDir, builtEntryFile(source)), nodeArgs: [] }
    : { file: path.join(packageDir, source), nodeArgs: TS_NODE_FLAGS };
}

/**
 * How every entra-sync process runs its TypeScript: `node --require tsx/cjs <entry>.ts` (decision N11). The code
 * is CommonJS, so tsx's require hook is all it needs; `--import tsx` would also start tsx's ES-module loader on a
 * thread of its own, ≈ 15–20 MB resident per process for nothing.
 */
export const TS_NODE_FLAGS: readonly string[] = ['--require', 'tsx/cjs'];

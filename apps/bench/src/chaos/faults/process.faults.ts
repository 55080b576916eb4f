import { localPortsOf, openTransactions } from '../backend-owner';
import { pause, type Fault, type FaultContext } from './fault';

const slotOf = (ctx: FaultContext) => Math.floor(ctx.random() * ctx.stack.workers.length);

/** SIGKILL a worker at a random moment; its active jobs stall and another worker (or its successor) redoes them. */
export const workerKill: Fault = {
  kind: 'worker-kill',
  async inject(ctx) {
    const slot = slotOf(ctx);
    const victim = ctx.stack.workers[slot];
    await ctx.stack.killWorker(slot);
    return `SIGKILL ${victim?.name ?? `slot ${slot}`}`;
  },
};

const SEARCH_MS = 15_000;

/**
 * SIGKILL a worker while one of its sessions is inside a transaction, with the whole cluster frozen in between
 * (freeze → kill → thaw): the statement the worker sent last — often the COMMIT — reaches Postgres only after its
 * client is gone, so the commit's outcome is unknown to the (dead) worker. Falls back to a plain kill when no
 * worker transaction shows up within 15 s (the note says so).
 */
export const workerKillInCommit: Fault = {
  kind: 'worker-kill-in-commit',
  async inject(ctx) {
    const { stack } = ctx;
    const deadline = Date.now() + SEARCH_MS;
    while (Date.now() < deadline) {
      const open = await openTransactions(stack.postgres).catch(() => []);
      for (const tx of open) {
        const slot = stack.workers.findIndex((w) => w.running && localPortsOf(w.pid).has(tx.clientPort));
        if (slot < 0) continue;
        stack.postgres.freeze();
        try {
          await stack.killing(slot);
        } finally {
          stack.postgres.thaw();
        }
        await stack.spawnWorker(slot);
        return `SIGKILL in a transaction (last statement: ${tx.query.replace(/\s+/g, ' ')})`;
      }
      await pause(20);
    }
    const slot = slotOf(ctx);
    await stack.killWorker(slot);
    return 'no worker transaction seen within 15 s: plain SIGKILL';
  },
};

import type { Fleet } from './fleet';
import { settled } from './records';

/**
 * Waits until no user, group or full-sync job has waited, run or been delayed for `quietMs` in a row. The quiet
 * window covers a notification still on its way (the emulator batches for 25 ms, then POSTs to the receiver).
 */
export async function settle(fleet: Fleet, quietMs = 300, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quietSince: number | null = null;
  for (;;) {
    const now = Date.now();
    if (await settled(fleet.producer)) {
      quietSince ??= now;
      if (now - quietSince >= quietMs) return;
    } else {
      quietSince = null;
    }
    if (now > deadline) throw new Error(`queues did not settle within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

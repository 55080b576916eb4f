import { runOrder, type LoadOrder } from './load-process';

// The load generator process (load-process.ts): runs the one order it is sent, answers with the result, exits.
process.once('message', (order: LoadOrder) => {
  runOrder(order).then(
    (result) => process.send?.(result, () => process.exit(0)),
    (error: unknown) => {
      console.error('load generator failed:', error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
});

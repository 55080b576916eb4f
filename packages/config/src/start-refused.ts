/**
 * Thrown at start-up when a dependency is reachable but unfit (e.g. a Redis that may evict keys): the process
 * exits 1 with this one message, which names what was found and how to fix it. No stack: it is not a bug.
 */
export class StartRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartRefused';
  }
}

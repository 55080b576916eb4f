// How a processor tells the host what to do with a job besides "done" or "retry with backoff".

/** Come back at `until` without spending an attempt: Graph throttling (Retry-After) or a paused connection. */
export class WaitError extends Error {
  constructor(
    readonly until: number,
    reason: string,
  ) {
    super(reason);
    this.name = 'WaitError';
  }
}

/** Retrying cannot help (bad payload, 4xx from Graph): straight to the dead letters with this reason. */
export class PermanentJobError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'PermanentJobError';
  }
}

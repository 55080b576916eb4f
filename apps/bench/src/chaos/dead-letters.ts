import { catalog, queueKeys, type Producer } from '@entra-sync/queues';

export interface DeadLetter {
  queue: string;
  job: string;
  attempts: number;
  reason: string;
  /** why a run under faults may rightly end this job as a dead letter; null: unexplained (the run fails) */
  explanation: string | null;
}

/**
 * Dead letters a fault run may rightly produce, each with the reason an operator would accept. Anything else is
 * a defect the suite reports. Empty on purpose until a kind is understood: every entry needs its why.
 */
export const EXPECTED_DEAD_LETTERS: ReadonlyArray<{ job: RegExp; reason: RegExp; explanation: string }> = [
  {
    job: /^(delta\.run|subscriptions\.ensure|connection\.reconnect)$/,
    reason:
      /^(Graph request failed without an answer: )?(Service unavailable|Too many requests|The operation was aborted due to timeout|Graph (503|504|429))/i,
    explanation:
      'a scheduler tick that met a Graph outage the suite injected: ticks do not retry, the next tick does the work (STYLE 7)',
  },
];

export function explain(job: string, reason: string): string | null {
  return EXPECTED_DEAD_LETTERS.find((e) => e.job.test(job) && e.reason.test(reason))?.explanation ?? null;
}

/** Every failed job (dead letter) of every queue, with its reason and its explanation. */
export async function listDeadLetters(producer: Producer): Promise<DeadLetter[]> {
  const letters: DeadLetter[] = [];
  for (const key of queueKeys) {
    for (const job of await producer.queue(key).getFailed()) {
      const reason = job.failedReason ?? '(no reason)';
      letters.push({
        queue: catalog[key].name,
        job: job.name,
        attempts: job.attemptsMade,
        reason,
        explanation: explain(job.name, reason),
      });
    }
  }
  return letters;
}

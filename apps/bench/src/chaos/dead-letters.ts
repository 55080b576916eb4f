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
export const EXPECTED_DEAD_LETTERS: ReadonlyArray<{ reason: RegExp; explanation: string }> = [];

export function explain(reason: string): string | null {
  return EXPECTED_DEAD_LETTERS.find((e) => e.reason.test(reason))?.explanation ?? null;
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
        explanation: explain(reason),
      });
    }
  }
  return letters;
}

import { jobId, type Producer } from '@entra-sync/queues';
import type { LifecycleNotification } from './notification.schema';
import type { LifecycleOutcome } from './outcomes';
import type { KnownSubscription } from './subscription-cache';
import type { Plan } from './ingest';

// keepLastIfActive: an event that arrives while the same kind of job runs gets a run of its own after it.
const collapse = (...parts: string[]) => ({ deduplication: { id: jobId(...parts), keepLastIfActive: true } });

/**
 * reauthorizationRequired → reauthorize the subscription; subscriptionRemoved → create it again;
 * missed → a delta run for the connection catches up what the lost notifications carried.
 */
export function planLifecycle(producer: Producer) {
  return (notification: LifecycleNotification, subscription: KnownSubscription): Plan<LifecycleOutcome> => {
    const { connectionId, subscriptionId } = subscription;
    switch (notification.lifecycleEvent) {
      case 'reauthorizationRequired':
        return {
          key: `reauthorize|${subscriptionId}`,
          outcome: { kind: 'enqueued-reauthorize', connectionId, subscriptionId },
          enqueue: () =>
            producer.add(
              'subscriptions',
              'subscriptions.reauthorize',
              { connectionId, subscriptionId },
              collapse('reauthorize', subscriptionId),
            ),
        };
      case 'subscriptionRemoved':
        return {
          key: `ensure|${connectionId}`,
          outcome: { kind: 'enqueued-resubscribe', connectionId },
          enqueue: () =>
            producer.add(
              'subscriptions',
              'subscriptions.ensure',
              { connectionId },
              collapse('ensure', connectionId),
            ),
        };
      case 'missed':
        return {
          key: `delta|${connectionId}`,
          outcome: { kind: 'enqueued-delta', connectionId },
          enqueue: () =>
            producer.add('delta', 'delta.run', { connectionId }, collapse('delta', connectionId)),
        };
      default:
        return {
          outcome: { kind: 'unsupported-event', subscriptionId, lifecycleEvent: notification.lifecycleEvent },
        };
    }
  };
}

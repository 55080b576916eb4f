import { groupJobId, type Producer } from '@entra-sync/queues';
import type { ChangeNotification } from './notification.schema';
import type { NotificationOutcome } from './outcomes';
import type { KnownSubscription } from './subscription-cache';
import type { Plan } from './ingest';

type Kind = 'user' | 'group';
const ODATA_TYPES: Record<string, Kind> = {
  '#microsoft.graph.user': 'user',
  '#microsoft.graph.group': 'group',
};
const COLLECTIONS: Record<string, Kind> = { users: 'user', groups: 'group' };
const RESOURCE_PATH = /^\/?(users|groups)\/([^/?#()']{1,200})$/i;

/** The directory object a notification is about, or null when it is not a user or group we handle. */
export function targetOf(
  notification: ChangeNotification,
  subscription: KnownSubscription,
): { kind: Kind; id: string } | null {
  const path = RESOURCE_PATH.exec(notification.resource.trim());
  const pathKind = path ? COLLECTIONS[path[1]!.toLowerCase()] : undefined;
  const typeKind = notification.resourceData
    ? ODATA_TYPES[notification.resourceData['@odata.type'].toLowerCase()]
    : undefined;
  const kind = typeKind ?? pathKind;
  const id = notification.resourceData?.id ?? path?.[2];
  if (!kind || !id) return null;
  if (pathKind && pathKind !== kind) return null;
  // a users subscription only ever speaks about users (and groups about groups)
  const subscribed = COLLECTIONS[subscription.resource.replace(/^\/+/, '').split('/')[0]!.toLowerCase()];
  return subscribed === kind ? { kind, id } : null;
}

/** Users → one pending user job (S4.4); groups → a group job that fans out to its members. */
export function planChange(producer: Producer) {
  return (
    notification: ChangeNotification,
    subscription: KnownSubscription,
    receivedAt: number,
  ): Plan<NotificationOutcome> => {
    const target = targetOf(notification, subscription);
    const { connectionId } = subscription;
    if (!target)
      return {
        outcome: {
          kind: 'unsupported-resource',
          subscriptionId: subscription.subscriptionId,
          resource: notification.resource,
        },
      };
    if (target.kind === 'user')
      return {
        key: `user|${connectionId}|${target.id}`,
        outcome: { kind: 'enqueued-user', connectionId, objectId: target.id },
        enqueue: () =>
          producer.userChanged({
            connectionId,
            objectId: target.id,
            trigger: 'change',
            source: 'notification',
            receivedAt,
          }),
      };
    return {
      key: `group|${connectionId}|${target.id}`,
      outcome: { kind: 'enqueued-group', connectionId, groupId: target.id },
      // the group job reads current membership, so a burst for one group collapses like user jobs do
      enqueue: () =>
        producer.add(
          'groupSync',
          'group.changed',
          { connectionId, groupId: target.id, receivedAt },
          { deduplication: { id: groupJobId(connectionId, target.id), keepLastIfActive: true } },
        ),
    };
  };
}

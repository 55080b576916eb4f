import type { ChangeEvent, EmuSubscription } from '../state/types';

export interface ChangeNotification {
  subscriptionId: string;
  subscriptionExpirationDateTime: string;
  changeType: 'updated' | 'deleted';
  resource: string;
  resourceData: { '@odata.type': string; '@odata.id': string; id: string; organizationId: string };
  clientState: string | null;
  tenantId: string;
}

/** Users and groups notifications carry ids only (no resource data), as Graph sends them. */
export function changeNotification(sub: EmuSubscription, event: ChangeEvent): ChangeNotification {
  const collection = event.resource === 'users' ? 'Users' : 'Groups';
  const type = event.resource === 'users' ? '#Microsoft.Graph.User' : '#Microsoft.Graph.Group';
  return {
    subscriptionId: sub.id,
    subscriptionExpirationDateTime: sub.expirationDateTime,
    changeType: event.changeType,
    resource: `${collection}/${event.id}`,
    resourceData: {
      '@odata.type': type,
      '@odata.id': `${collection}/${event.id}`,
      id: event.id,
      organizationId: event.tenantId,
    },
    clientState: sub.clientState,
    tenantId: event.tenantId,
  };
}

export function matches(sub: EmuSubscription, event: ChangeEvent, now: Date): boolean {
  return (
    sub.tenantId === event.tenantId &&
    sub.target.collection === event.resource &&
    (sub.target.id === null || sub.target.id === event.id) &&
    sub.changeTypes.includes(event.changeType) &&
    Date.parse(sub.expirationDateTime) > now.getTime()
  );
}

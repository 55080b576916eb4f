import { randomBytes, randomUUID } from 'node:crypto';

export interface NotificationFields {
  subscriptionId?: string;
  clientState?: string;
  tenantId?: string;
  /** the user the notification is about */
  objectId?: string;
}

/**
 * One users change notification in a collection, shaped as Graph (and the emulator) send it: ids only, no
 * resource data beyond them. About 540 bytes with GUID ids and a clientState like the worker's (32 random
 * bytes, base64url).
 */
export function oneNotificationBody(fields: NotificationFields = {}): string {
  const objectId = fields.objectId ?? randomUUID();
  const tenantId = fields.tenantId ?? randomUUID();
  return JSON.stringify({
    value: [
      {
        subscriptionId: fields.subscriptionId ?? randomUUID(),
        subscriptionExpirationDateTime: '2030-01-01T00:00:00.0000000+00:00',
        changeType: 'updated',
        resource: `Users/${objectId}`,
        resourceData: {
          '@odata.type': '#Microsoft.Graph.User',
          '@odata.id': `Users/${objectId}`,
          id: objectId,
          organizationId: tenantId,
        },
        clientState: fields.clientState ?? randomBytes(32).toString('base64url'),
        tenantId,
      },
    ],
  });
}

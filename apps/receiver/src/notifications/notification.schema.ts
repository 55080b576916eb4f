import { z } from 'zod';

// Graph's change-notification and lifecycle-notification collections. Unknown keys (encryptedContent,
// validationTokens, …) are dropped. Lengths are capped so every id fits the queue payload schema.

const id = z.string().trim().min(1).max(200);
const dateTime = z.iso.datetime({ offset: true });
/** absent when a subscription was created without one: then it cannot match ours */
const clientState = z.string().max(1024).nullish();

export const changeNotificationSchema = z.object({
  subscriptionId: id,
  clientState,
  changeType: z.string().min(1).max(100),
  resource: z.string().min(1).max(1000),
  resourceData: z
    .object({
      id,
      '@odata.type': z.string().min(1).max(200),
    })
    .optional(),
  tenantId: id,
  subscriptionExpirationDateTime: dateTime,
});

export const lifecycleNotificationSchema = z.object({
  subscriptionId: id,
  clientState,
  lifecycleEvent: z.string().min(1).max(100),
  tenantId: id,
  subscriptionExpirationDateTime: dateTime,
});

const collection = <T extends z.ZodType>(item: T) => z.object({ value: z.array(item).min(1).max(1000) });

export const changeCollectionSchema = collection(changeNotificationSchema);
export const lifecycleCollectionSchema = collection(lifecycleNotificationSchema);

export type ChangeNotification = z.output<typeof changeNotificationSchema>;
export type LifecycleNotification = z.output<typeof lifecycleNotificationSchema>;

/** A short, value-free description of what is wrong (paths and expectations only, never input). */
export function describeIssues(error: z.ZodError, max = 5): string {
  const issues = error.issues.slice(0, max).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)';
    return `${path}: ${issue.message}`;
  });
  const more = error.issues.length > max ? ` (+${error.issues.length - max} more)` : '';
  return `The body is not a Graph notification collection: ${issues.join('; ')}${more}.`;
}

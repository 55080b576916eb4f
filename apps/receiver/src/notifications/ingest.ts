import type { Redis } from 'ioredis';
import type { z } from 'zod';
import { withDeadline } from './deadline';
import { describeIssues } from './notification.schema';
import type { Duplicate, IngestResult, Outcome, Rejection } from './outcomes';
import type { KnownSubscription, SubscriptionCache } from './subscription-cache';
import { verifySender, type Sender } from './verify-sender';

/** What to do for one verified notification: an outcome, and the job that makes it true. */
export type Plan<O extends Outcome> =
  | { outcome: O; key?: undefined; enqueue?: undefined }
  | { outcome: O; key: string; enqueue: () => Promise<unknown> };

export interface IngestContext {
  subscriptions: SubscriptionCache;
  /** the producer's connection: when it is not ready, adding would only wait */
  redis: Redis;
  /** lookups plus enqueues must finish within this, well inside Graph's 3 s */
  deadlineMs: number;
  now?: () => number;
}

export interface IngestRequest {
  validationToken?: unknown;
  body: unknown;
}

/**
 * One POST from Graph: the validationToken handshake, or a collection whose notifications are verified,
 * planned and enqueued. `accepted` only once Redis acknowledged every job (STYLE habit 3).
 */
export async function ingest<N extends Sender, O extends Outcome>(
  request: IngestRequest,
  schema: z.ZodType<{ value: N[] }>,
  plan: (notification: N, subscription: KnownSubscription, receivedAt: number) => Plan<O>,
  context: IngestContext,
): Promise<IngestResult<O | Rejection | Duplicate>> {
  const now = context.now ?? Date.now;
  const receivedAt = now();
  if (typeof request.validationToken === 'string')
    return { kind: 'handshake', token: request.validationToken };

  if (request.body === undefined || request.body === '')
    return { kind: 'invalid', detail: 'The body is empty.' };
  const json = parseJson(request.body);
  if (json === INVALID_JSON) return { kind: 'invalid', detail: 'The body is not valid JSON.' };
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { kind: 'invalid', detail: describeIssues(parsed.error) };
  const notifications = parsed.data.value;

  let verified;
  try {
    verified = await withDeadline(
      Promise.all(notifications.map((n) => verifySender(n, context.subscriptions))),
      context.deadlineMs,
      'subscription lookup',
    );
  } catch (error) {
    return { kind: 'unavailable', dependency: 'postgres', notifications: notifications.length, error };
  }

  const outcomes: (O | Rejection | Duplicate)[] = [];
  const jobs = new Map<string, () => Promise<unknown>>();
  notifications.forEach((notification, i) => {
    const check = verified[i]!;
    if (!check.ok) return void outcomes.push(check.rejection);
    const planned = plan(notification, check.subscription, receivedAt);
    if (planned.key === undefined) return void outcomes.push(planned.outcome);
    if (jobs.has(planned.key))
      return void outcomes.push({
        kind: 'duplicate',
        connectionId: check.subscription.connectionId,
        key: planned.key,
      });
    jobs.set(planned.key, planned.enqueue);
    outcomes.push(planned.outcome);
  });

  if (jobs.size > 0) {
    const unavailable = (error: unknown) =>
      ({ kind: 'unavailable', dependency: 'redis', notifications: notifications.length, error }) as const;
    if (context.redis.status !== 'ready')
      return unavailable(new Error(`redis connection is ${context.redis.status}`));
    const remaining = Math.max(context.deadlineMs - (now() - receivedAt), 100);
    try {
      await withDeadline(Promise.all([...jobs.values()].map((enqueue) => enqueue())), remaining, 'enqueue');
    } catch (error) {
      return unavailable(error);
    }
  }
  return { kind: 'accepted', outcomes };
}

const INVALID_JSON = Symbol('invalid json');

function parseJson(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return INVALID_JSON;
  }
}

import type { Redis } from 'ioredis';
import type { z } from 'zod';
import { withDeadline } from './deadline';
import { describeIssues } from './notification.schema';
import type { Duplicate, IngestResult, Outcome, Rejection } from './outcomes';
import type { KnownSubscription, SubscriptionCache } from './subscription-cache';
import { verifySender, type Sender, type Verified } from './verify-sender';

/** Graph's tokens are about 100 characters; what we echo back stays small (decision R9). */
export const MAX_VALIDATION_TOKEN = 1024;

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
  if (typeof request.validationToken === 'string') {
    if (request.validationToken.length > MAX_VALIDATION_TOKEN)
      return { kind: 'invalid', detail: `The validationToken exceeds ${MAX_VALIDATION_TOKEN} characters.` };
    return { kind: 'handshake', token: request.validationToken };
  }

  const parsed = parseCollection(request.body, schema);
  if (typeof parsed === 'string') return { kind: 'invalid', detail: parsed };
  const count = parsed.length;

  let verified: Verified[];
  try {
    verified = await withDeadline(
      Promise.all(parsed.map((n) => verifySender(n, context.subscriptions))),
      context.deadlineMs,
      'subscription lookup',
    );
  } catch (error) {
    return { kind: 'unavailable', dependency: 'postgres', notifications: count, error };
  }

  const { outcomes, jobs } = planAll(parsed, verified, (n, sub) => plan(n, sub, receivedAt));
  if (jobs.length > 0) {
    if (context.redis.status !== 'ready') {
      const error = new Error(`redis connection is ${context.redis.status}`);
      return { kind: 'unavailable', dependency: 'redis', notifications: count, error };
    }
    const remaining = Math.max(context.deadlineMs - (now() - receivedAt), 100);
    try {
      await withDeadline(Promise.all(jobs.map((enqueue) => enqueue())), remaining, 'enqueue');
    } catch (error) {
      return { kind: 'unavailable', dependency: 'redis', notifications: count, error };
    }
  }
  return { kind: 'accepted', outcomes };
}

/** The notifications, or a value-free description of what is wrong with the body. */
function parseCollection<N>(body: unknown, schema: z.ZodType<{ value: N[] }>): N[] | string {
  if (body === undefined || body === '') return 'The body is empty.';
  let json: unknown = body;
  if (typeof body === 'string') {
    try {
      json = JSON.parse(body);
    } catch {
      return 'The body is not valid JSON.';
    }
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data.value : describeIssues(parsed.error);
}

/** One outcome per notification; one job per distinct piece of work (repeats in the batch are duplicates). */
function planAll<N, O extends Outcome>(
  notifications: N[],
  verified: Verified[],
  plan: (notification: N, subscription: KnownSubscription) => Plan<O>,
) {
  const outcomes: (O | Rejection | Duplicate)[] = [];
  const jobs = new Map<string, () => Promise<unknown>>();
  notifications.forEach((notification, i) => {
    const check = verified[i]!;
    if (!check.ok) return void outcomes.push(check.rejection);
    const planned = plan(notification, check.subscription);
    if (planned.key === undefined) return void outcomes.push(planned.outcome);
    if (jobs.has(planned.key)) {
      const { connectionId } = check.subscription;
      return void outcomes.push({ kind: 'duplicate', connectionId, key: planned.key });
    }
    jobs.set(planned.key, planned.enqueue);
    outcomes.push(planned.outcome);
  });
  return { outcomes, jobs: [...jobs.values()] };
}

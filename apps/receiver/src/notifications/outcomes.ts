// STYLE habit 4: expected results are values; only the HTTP layer turns them into status codes.

/** Why a notification was dropped (answered 202 all the same, so a sender learns nothing). */
export type Rejection =
  | { kind: 'bad-client-state'; subscriptionId: string }
  | { kind: 'unknown-subscription'; subscriptionId: string }
  | { kind: 'tenant-mismatch'; subscriptionId: string; tenantId: string };

/** the same work already appeared earlier in this request */
export type Duplicate = { kind: 'duplicate'; connectionId: string; key: string };

export type NotificationOutcome =
  | { kind: 'enqueued-user'; connectionId: string; objectId: string }
  | { kind: 'enqueued-group'; connectionId: string; groupId: string }
  | Duplicate
  | Rejection
  | { kind: 'unsupported-resource'; subscriptionId: string; resource: string };

export type LifecycleOutcome =
  | { kind: 'enqueued-reauthorize'; connectionId: string; subscriptionId: string }
  | { kind: 'enqueued-resubscribe'; connectionId: string }
  | { kind: 'enqueued-delta'; connectionId: string }
  | Duplicate
  | Rejection
  | { kind: 'unsupported-event'; subscriptionId: string; lifecycleEvent: string };

export type Outcome = NotificationOutcome | LifecycleOutcome;

/** What one POST amounts to. */
export type IngestResult<O extends Outcome> =
  | { kind: 'handshake'; token: string }
  | { kind: 'invalid'; detail: string }
  | { kind: 'accepted'; outcomes: O[] }
  /** `error` is for the log only, never for the response */
  | { kind: 'unavailable'; dependency: 'postgres' | 'redis'; notifications: number; error: unknown };

const DROPPED: Record<Outcome['kind'], boolean> = {
  'enqueued-user': false,
  'enqueued-group': false,
  'enqueued-reauthorize': false,
  'enqueued-resubscribe': false,
  'enqueued-delta': false,
  duplicate: false,
  'bad-client-state': true,
  'unknown-subscription': true,
  'tenant-mismatch': true,
  'unsupported-resource': true,
  'unsupported-event': true,
};

/** Dropped outcomes are counted as `dropped` and logged, with their reason, at debug only (decision R8). */
export const isDropped = (outcome: Outcome): boolean => DROPPED[outcome.kind];

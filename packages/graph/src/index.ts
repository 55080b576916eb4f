export { resolveEndpoints, CLOUDS, type GraphCloud, type GraphEndpoints } from './endpoints';
export {
  createCredential,
  authorizationUrl,
  type ConnectionCredential,
  type GraphConnection,
} from './credential.factory';
export { createGraphClient, type GraphClient, type GraphClientOptions } from './graph-client';
export { GraphRequestCounter, graphRequestCounter, type RequestOutcome } from './request-counter';
export {
  classifyGraphError,
  parseRetryAfter,
  DEFAULT_THROTTLE_WAIT_MS,
  type GraphFailure,
  type GraphFailureKind,
} from './classify';
export {
  DeltaTokenExpired,
  GraphRequestError,
  GraphNetworkError,
  TokenAcquisitionError,
  UntrustedLinkError,
} from './graph-errors';
export type { Page } from './graph-request';
export { USER_SELECT, toUserFields, type DirectoryUser } from './user-fields';
export { getUser, listUsers } from './users.reader';
export { getGroup, groupMembers, type DirectoryGroup, type MembershipMode } from './groups.reader';
export { getUserGroupIds, getGroupIdsForUsers } from './member-of.reader';
export { getObservation, getObservations, OBSERVATIONS_PER_BATCH } from './observation.reader';
export {
  usersDelta,
  groupsDelta,
  type DeltaPage,
  type UserDeltaItem,
  type GroupDeltaItem,
  type MemberChange,
  type RemovedReason,
} from './delta.reader';
export {
  createSubscription,
  renewSubscription,
  deleteSubscription,
  listSubscriptions,
  maxSubscriptionExpiration,
  MAX_SUBSCRIPTION_MINUTES,
  type SubscriptionRequest,
  type GraphSubscription,
} from './subscriptions';
export { sendBatch, batchBody, MAX_BATCH_REQUESTS, type BatchRequest, type BatchResponse } from './batch';
export { getOrganization, type Organization } from './organization.reader';

export * from './types';
export * from './plan.types';
export * from './precedence';
export * from './mapping';
export * from './archive-name';
export * from './fingerprint';
export { ruleAccessOf, desiredAccess, accessOf, sameAccess, NO_ACCESS } from './access';
export { resolveTarget, type Target } from './matching';
export { emailKindsOf, inReach, OUTSIDE_REACH, reachOf, type Reach } from './reach';
export { isWriteOp, changesOf } from './plan-result';
export { planUser } from './planner';
export { buildPlanInput, applyPlan, type World } from './simulate';
export * from './mass-removal-guard';
export { mayTargetContact } from './contact-targets';
export {
  applyOp,
  OP_KINDS,
  type ChangeKind,
  type Effect,
  type OpResult,
  type OpState,
  type RecordEvent,
  type Snapshot,
} from './apply/op-effect';
export { planEffects, nextLink, recordKey, type PlanEffects, type RecordReader } from './apply/plan-effects';
export { RecordWorld, type PlanContext, type UserToApply, type WorldOptions } from './apply/record-world';

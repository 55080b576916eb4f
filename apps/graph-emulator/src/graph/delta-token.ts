import type { Tenant } from '../state/emulator-state';
import { badRequest, decodeToken, encodeToken, GraphHttpError } from './graph-http';

export type DeltaKind = 'users' | 'groups';

interface Common {
  v: 1;
  k: DeltaKind;
  t: string;
  /** tenant delta generation when the round started */
  g: number;
  /** issue time (ms): tokens older than the limit are expired */
  iat: number;
  sel: string[] | null;
  /** groups: include members@delta */
  mem: boolean;
}

/** A position in the change log: `initial` pages the current objects by seq; `changes` pages the changes in (s, T]. */
export type DeltaState =
  | (Common & { m: 'initial'; T: number; a: number })
  | (Common & { m: 'changes'; s: number; T: number; o: number })
  | (Common & { m: 'link'; s: number });

export const encodeDelta = (state: DeltaState): string => encodeToken(state);

/** Graph's answer for a delta token it no longer honours: start over with a full synchronization. */
export const syncStateNotFound = (): GraphHttpError =>
  new GraphHttpError(
    400,
    'syncStateNotFound',
    'The sync state generation is not found. The delta token is expired and data must be synchronized again.',
  );

export function decodeDelta(
  token: string,
  kind: DeltaKind,
  tenant: Tenant,
  maxAgeMs: number,
  now: Date,
): DeltaState {
  const state = decodeToken<DeltaState>(token);
  if (
    !state ||
    state.v !== 1 ||
    state.k !== kind ||
    typeof state.iat !== 'number' ||
    !['initial', 'changes', 'link'].includes(state.m)
  ) {
    throw badRequest('Badly formed delta token.', 'Request_BadRequest');
  }
  if (state.t !== tenant.id)
    throw badRequest('The delta token does not belong to this tenant.', 'Request_BadRequest');
  if (state.g !== tenant.deltaGeneration || now.getTime() - state.iat > maxAgeMs) throw syncStateNotFound();
  return state;
}

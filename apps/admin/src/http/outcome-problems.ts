import type { GraphFailure } from '@entra-sync/graph';
import type { Invalid } from '../services/catalog-checks';
import { describeFailure } from '../services/graph-access';
import { problem, type Problem } from './problem';

/** 422: the request is well-formed but names something that does not fit (unknown account, role, …). */
export const invalidProblem = (problems: Invalid[]): Problem =>
  problem(422, 'invalid', problems.map((p) => `${p.field}: ${p.message}`).join('; '), { errors: problems });

/** 422: Entra/Graph refused the credentials; the detail carries its exact error (e.g. AADSTS7000215). */
export const credentialsProblem = (
  failure: GraphFailure,
  extensions: Record<string, unknown> = {},
): Problem =>
  problem(
    422,
    'credentials-rejected',
    `Entra ID / Graph rejected the credentials: ${describeFailure(failure)}`,
    {
      code: failure.code,
      failureKind: failure.kind,
      ...extensions,
    },
  );

/** 502: Graph could not answer a check we must make before saving. */
export const graphProblem = (failure: GraphFailure): Problem =>
  problem(502, 'graph-unavailable', `Microsoft Graph could not be asked: ${describeFailure(failure)}`, {
    code: failure.code,
    failureKind: failure.kind,
  });

export const conflictProblem = (kind: string, detail: string): Problem => problem(409, kind, detail);

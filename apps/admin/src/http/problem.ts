import { STATUS_CODES } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { Problem as ProblemSchema } from '@entra-sync/api-contract';

/** RFC 9457 problem details, as the contract declares them: extensions carry what a script needs. */
export type Problem = z.output<typeof ProblemSchema>;

export const PROBLEM_TYPE_PREFIX = 'urn:entra-sync:problem:';

export function problem(
  status: number,
  kind: string,
  detail: string,
  extensions: Record<string, unknown> = {},
): Problem {
  return {
    type: `${PROBLEM_TYPE_PREFIX}${kind}`,
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    ...extensions,
  };
}

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.code(body.status).type('application/problem+json; charset=utf-8').send(JSON.stringify(body));
}

/** Thrown only by the HTTP layer (request parsing); the error handler turns it into the response. */
export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = 'ProblemError';
  }
}

export const notFound = (what: string, id: string | number) =>
  problem(404, 'not-found', `No ${what} with id ${String(id)}.`);

import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** RFC 9457 problem details; `type` is about:blank, so `title` is the status phrase. Never a stack. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  [extension: string]: unknown;
}

export function problem(status: number, detail: string, extensions: Record<string, unknown> = {}): Problem {
  return { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail, ...extensions };
}

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.code(body.status).type('application/problem+json; charset=utf-8').send(body);
}

export const RATE_LIMITED = 'ENTRA_SYNC_RATE_LIMITED';

// Details we write ourselves: Fastify's own messages could one day quote the request.
const CLIENT_ERRORS: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body exceeds the size limit.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The Content-Length does not match the body.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Unsupported media type.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty.',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON.',
  FST_ERR_CTP_MALFORMED_JSON_BODY: 'The request body is not valid JSON.',
  [RATE_LIMITED]: 'Too many requests from this address; retry after the Retry-After seconds.',
};

export function problemErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const status =
    typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600
      ? error.statusCode
      : 500;
  if (status >= 500) {
    request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, problem(status, 'The request could not be processed; retry later.'));
  }
  request.log.debug({ code: error.code, status }, 'request rejected');
  return sendProblem(reply, problem(status, CLIENT_ERRORS[error.code] ?? 'The request was rejected.'));
}

export function problemNotFound(request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(reply, problem(404, `No route for ${request.method} on this path.`));
}

import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { scrubSecrets } from '@entra-sync/telemetry';
import { problem, ProblemError, sendProblem } from './problem';

// Details we write ourselves: Fastify's own messages could one day quote the request body.
const CLIENT_ERRORS: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body exceeds the size limit.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The Content-Length does not match the body.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Unsupported media type: send application/json.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty: send a JSON object.',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON.',
  FST_ERR_CTP_MALFORMED_JSON_BODY: 'The request body is not valid JSON.',
};

/** The one error handler of the API: every failure leaves as problem+json, never with a stack. */
export function adminErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof ProblemError) return sendProblem(reply, error.problem);
  const status =
    typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600
      ? error.statusCode
      : 500;
  if (status >= 500) {
    request.log.error({ err: error }, 'request failed');
    return sendProblem(
      reply,
      problem(status, 'internal', 'The request could not be processed; retry later.'),
    );
  }
  request.log.debug({ code: error.code, status }, 'request rejected');
  const detail = CLIENT_ERRORS[error.code] ?? scrubSecrets(error.message || 'The request was rejected.');
  return sendProblem(reply, problem(status, 'bad-request', detail));
}

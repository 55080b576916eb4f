import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';

/** Entra token-endpoint error shape: `error`, `error_description` starting with the AADSTS code, `error_codes`, ids. */
export function sendAadError(
  reply: FastifyReply,
  status: number,
  error: string,
  code: number,
  description: string,
): FastifyReply {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return reply
    .code(status)
    .header('content-type', 'application/json; charset=utf-8')
    .send({
      error,
      error_description: `AADSTS${code}: ${description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `${reply.request.protocol}://${reply.request.host}/error?code=${code}`,
    });
}

export const aad = {
  tenantNotFound: (reply: FastifyReply, tenant: string) =>
    sendAadError(
      reply,
      400,
      'invalid_request',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    ),
  unknownApp: (reply: FastifyReply, clientId: string, tenant: string) =>
    sendAadError(
      reply,
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    ),
  invalidSecret: (reply: FastifyReply, clientId: string) =>
    sendAadError(
      reply,
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
    ),
  missingSecret: (reply: FastifyReply) =>
    sendAadError(
      reply,
      401,
      'invalid_client',
      7000216,
      "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.",
    ),
  unsupportedAssertion: (reply: FastifyReply, clientId: string) =>
    sendAadError(
      reply,
      401,
      'invalid_client',
      700027,
      `Client assertion failed signature validation: the emulator has no certificate registered for app '${clientId}'.`,
    ),
  unsupportedGrant: (reply: FastifyReply, grant: string) =>
    sendAadError(
      reply,
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grant}'.`,
    ),
  invalidScope: (reply: FastifyReply, scope: string) =>
    sendAadError(
      reply,
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    ),
  unknownResource: (reply: FastifyReply, resource: string, tenant: string) =>
    sendAadError(
      reply,
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenant}.`,
    ),
  invalidGrant: (reply: FastifyReply, reason: string) =>
    sendAadError(reply, 400, 'invalid_grant', 70000, reason),
  invalidGrantCode: (reply: FastifyReply, code: number, reason: string) =>
    sendAadError(reply, 400, 'invalid_grant', code, reason),
  invalidRequest: (reply: FastifyReply, code: number, reason: string) =>
    sendAadError(reply, 400, 'invalid_request', code, reason),
  missingParameter: (reply: FastifyReply, name: string) =>
    sendAadError(
      reply,
      400,
      'invalid_request',
      900144,
      `The request body must contain the following parameter: '${name}'.`,
    ),
};

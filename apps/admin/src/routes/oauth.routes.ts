import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ConsentLink, DelegatedConnectionBody, DelegatedConnectionCreated } from '@entra-sync/api-contract';
import type { AdminContext } from '../context';
import type { Api } from '../http/api-instance';
import { conflictProblem, credentialsProblem } from '../http/outcome-problems';
import { uuidParam } from '../http/params';
import { notFound, problem, ProblemError, sendProblem } from '../http/problem';
import { parse } from '../http/validate';
import type { ConsentStates } from '../services/oauth-state';
import {
  addDelegatedConnection,
  completeConsent,
  consentLink,
  type CallbackOutcome,
  type ConsentLink as ConsentLinkOutcome,
} from '../services/oauth.service';
import { connectionView } from '../views/connection.view';

export const CALLBACK_PATH = '/oauth/callback';
/** where the administrator lands after a consent: the console's connections page */
export const AFTER_CONSENT = '/console/#/connections';

const callbackQuery = z.object({
  state: z.string().max(2000).optional(),
  code: z.string().max(8000).optional(),
  error: z
    .string()
    .max(100)
    .transform((e) => e.replace(/[^A-Za-z0-9_.-]/g, ''))
    .optional(),
});

const linkView = (link: ConsentLinkOutcome): z.output<typeof ConsentLink> => ({
  url: link.url,
  expiresAt: link.expiresAt,
  redirectUri: link.redirectUri,
});

/** S7.2 under `/api` (bearer token): start the delegated admin-consent flow. */
export function oauthApiRoutes(api: Api, ctx: AdminContext, states: ConsentStates): void {
  const deps = { ...ctx, states };

  const consent = {
    summary: 'The admin-consent link of a delegated connection (S7.2)',
    response: { 200: ConsentLink },
  };
  api.get('/connections/:id/consent', { schema: consent }, async (request, reply) => {
    const id = uuidParam(request, 'connection');
    const link = await consentLink(deps, id, redirectUriFor(request));
    return link ? linkView(link) : sendProblem(reply, notFound('connection', id));
  });

  const create = {
    summary: 'Add a delegated connection, consent pending (S7.2, W3)',
    body: DelegatedConnectionBody,
    response: { 201: DelegatedConnectionCreated },
  };
  api.post('/connections/delegated', { schema: create }, async (request, reply) => {
    const body = parse(DelegatedConnectionBody, request.body, 'body');
    const outcome = await addDelegatedConnection(deps, body, redirectUriFor(request));
    switch (outcome.kind) {
      case 'created':
        return reply
          .code(201)
          .header('location', `/api/connections/${outcome.connection.id}`)
          .send({ ...connectionView(outcome.connection), consent: linkView(outcome.consent) });
      case 'name-taken':
        return sendProblem(
          reply,
          conflictProblem('name-taken', 'A connection with this name exists (names are unique, any case).'),
        );
    }
  });
}

/**
 * `GET /oauth/callback`, outside `/api` and without the token: Entra sends the administrator's browser here.
 * Request logging stays off for it (`warn`): the query carries the authorization code.
 */
export function oauthCallbackRoutes(app: FastifyInstance, ctx: AdminContext, states: ConsentStates): void {
  const deps = { ...ctx, states };
  app.get(CALLBACK_PATH, { logLevel: 'warn' }, async (request, reply) => {
    const query = parse(callbackQuery, request.query, 'query');
    return sendCallback(reply, await completeConsent(deps, query));
  });
}

const STATE_PROBLEMS: Record<Extract<CallbackOutcome, { kind: 'invalid-state' }>['reason'], string> = {
  missing: 'missing',
  malformed: 'not one this server issued',
  signature: 'not one this server issued',
  expired: 'expired',
  replayed: 'already used',
};

function sendCallback(reply: FastifyReply, outcome: CallbackOutcome) {
  switch (outcome.kind) {
    case 'connected':
      return reply.redirect(`${AFTER_CONSENT}?consented=${outcome.connection.id}`, 303);
    case 'invalid-state':
      return sendProblem(
        reply,
        problem(
          400,
          'invalid-state',
          `The state parameter is ${STATE_PROBLEMS[outcome.reason]}: start the consent again from the console.`,
        ),
      );
    case 'denied':
      return sendProblem(
        reply,
        problem(400, 'consent-denied', `Entra ID answered '${outcome.error}': the consent was not granted.`, {
          code: outcome.error,
          connectionId: outcome.connectionId,
        }),
      );
    case 'missing-code':
      return sendProblem(reply, problem(400, 'bad-request', 'The callback carries no authorization code.'));
    case 'not-found':
      return sendProblem(reply, notFound('connection', outcome.connectionId));
    case 'exchange-failed':
      return sendProblem(reply, credentialsProblem(outcome.failure));
    case 'no-tenant':
      return sendProblem(reply, problem(422, 'no-tenant', 'The access token names no tenant (tid).'));
    case 'tenant-mismatch':
      return sendProblem(
        reply,
        problem(
          422,
          'tenant-mismatch',
          `The consent was given in tenant ${outcome.actual}, not in the connection's tenant ${outcome.expected}.`,
        ),
      );
    case 'app-access-failed':
      return sendProblem(reply, credentialsProblem(outcome.failure));
  }
}

/**
 * `<origin the console was opened at>/oauth/callback`. Forwarded headers are honoured because only an
 * authenticated administrator reaches this, and a reverse proxy terminating TLS must yield an https URI.
 */
function redirectUriFor(request: FastifyRequest): string {
  const proto = firstHeader(request.headers['x-forwarded-proto']) ?? request.protocol;
  const host = firstHeader(request.headers['x-forwarded-host']) ?? request.host;
  if (!/^https?$/.test(proto) || !/^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/.test(host))
    throw new ProblemError(
      problem(400, 'bad-request', 'The request names no usable origin for the callback.'),
    );
  return `${proto}://${host}${CALLBACK_PATH}`;
}

const firstHeader = (value: string | string[] | undefined): string | undefined =>
  (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim() || undefined;

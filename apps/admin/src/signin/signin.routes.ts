import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SignInProviders } from '@entra-sync/api-contract';
import { cookie, type ConsoleSessions, readCookie, sessionCookie } from '../console/console-session';
import { problem, sendProblem } from '../http/problem';
import type { EntraSignIn, SignInOutcome } from './entra-signin.service';
import { SIGNIN_PATHS, type SignInConfig } from './signin-config';
import { TRANSACTION_COOKIE, TRANSACTION_TTL_MS } from './signin-transaction';

/**
 * Public routes of the Entra sign-in (K5): `/auth/providers` tells the console whether it is configured,
 * `/auth/login` sends the browser to Entra, `/auth/callback` turns the answer into the console session.
 */
export function signInRoutes(
  app: FastifyInstance,
  deps: { settings: SignInConfig | null; signIn: EntraSignIn | null; sessions: ConsoleSessions },
): void {
  app.get(SIGNIN_PATHS.providers, async (): Promise<SignInProviders> => ({
    entra: deps.signIn ? { loginUrl: SIGNIN_PATHS.login } : null,
  }));

  app.get<{ Querystring: Record<string, unknown> }>(SIGNIN_PATHS.login, async (request, reply) => {
    const { settings, signIn } = deps;
    if (!settings || !signIn) return sendProblem(reply, notConfigured());
    const hint =
      typeof request.query.login_hint === 'string' ? request.query.login_hint.slice(0, 256) : undefined;
    let started: { url: string; transaction: string };
    try {
      started = await signIn.start(`${origin(request, settings)}${SIGNIN_PATHS.callback}`, hint);
    } catch (err) {
      request.log.warn({ err }, "Entra's OpenID configuration could not be read");
      return sendProblem(
        reply,
        problem(
          502,
          'signin-unavailable',
          "Entra's OpenID configuration could not be read (LOGIN_ENDPOINT).",
        ),
      );
    }
    const maxAge = Math.floor(TRANSACTION_TTL_MS / 1000);
    // Lax: the callback is a top-level navigation from Entra's site, where a Strict cookie is not sent
    reply.header(
      'set-cookie',
      cookie(request, TRANSACTION_COOKIE, started.transaction, {
        path: SIGNIN_PATHS.callback,
        maxAge,
        sameSite: 'Lax',
      }),
    );
    return reply.redirect(started.url, 302);
  });

  app.get(SIGNIN_PATHS.callback, { logLevel: 'warn' }, async (request, reply) => {
    if (!deps.signIn) return sendProblem(reply, notConfigured());
    const query = new URLSearchParams(request.url.split('?')[1] ?? '');
    const outcome = await deps.signIn.finish(query, readCookie(request, TRANSACTION_COOKIE));
    reply.header(
      'set-cookie',
      cookie(request, TRANSACTION_COOKIE, '', { path: SIGNIN_PATHS.callback, maxAge: 0, sameSite: 'Lax' }),
    );
    return answer(request, reply, outcome, deps.sessions);
  });
}

function answer(
  request: FastifyRequest,
  reply: FastifyReply,
  outcome: SignInOutcome,
  sessions: ConsoleSessions,
): FastifyReply {
  switch (outcome.kind) {
    case 'signed-in':
      request.log.info({ actor: outcome.actor.username }, 'operator signed in with Entra');
      reply.header('set-cookie', [
        String(reply.getHeader('set-cookie')),
        sessionCookie(request, sessions.issue(outcome.actor), Math.floor(sessions.ttlMs / 1000)),
      ]);
      return reply.redirect('/console/', 303);
    case 'not-in-group':
      return sendProblem(
        reply,
        problem(
          403,
          'forbidden',
          `${outcome.username} is not a member of the group allowed to sign in (ADMIN_SIGNIN_GROUP_ID).`,
        ),
      );
    case 'group-overage':
      return sendProblem(
        reply,
        problem(
          403,
          'forbidden',
          `${outcome.username} belongs to more groups than Entra puts in a token. Set the app registration's groups ` +
            'claim to "Groups assigned to the application" and assign the allowed group to it.',
        ),
      );
    case 'expired':
      return sendProblem(
        reply,
        problem(
          400,
          'bad-request',
          `This sign-in expired or was started in another browser: start again at ${SIGNIN_PATHS.login}.`,
        ),
      );
    case 'refused':
      return sendProblem(reply, problem(401, 'unauthorized', `Sign-in refused: ${outcome.reason}.`));
  }
}

const notConfigured = () =>
  problem(
    404,
    'not-found',
    'Entra sign-in is not configured (ADMIN_SIGNIN_* variables); use the admin token.',
  );

/** PUBLIC_URL when set (what the app registration lists); else this request's own origin, forwarded headers ignored. */
function origin(request: FastifyRequest, settings: SignInConfig): string {
  return settings.publicUrl ?? `${request.protocol}://${request.host}`;
}

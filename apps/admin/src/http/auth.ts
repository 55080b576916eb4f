import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readCookie, SESSION_COOKIE, type ConsoleSessions } from '../console/console-session';
import { TOKEN_ACTOR } from './actor';
import { problem, sendProblem } from './problem';

/**
 * Bearer check for /api/*. Both sides are hashed first, so the comparison is constant-time and does not
 * even reveal the token's length. A valid token makes the request's actor the admin token.
 */
export function bearerGuard(adminToken: string) {
  const expected = digest(adminToken);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    const presented = match?.[1];
    if (presented !== undefined && timingSafeEqual(digest(presented), expected)) {
      request.actor = TOKEN_ACTOR;
      return;
    }
    reply.header('www-authenticate', 'Bearer realm="entra-sync"');
    return sendProblem(
      reply,
      problem(
        401,
        'unauthorized',
        presented === undefined
          ? 'Send the admin token as `Authorization: Bearer $ADMIN_TOKEN`, or sign in to the console.'
          : 'The bearer token is not the admin token.',
      ),
    );
  };
}

/**
 * The /api guard (K7): a bearer header is checked as the admin token (automation); without one, the console's
 * session cookie (SameSite=Strict, signed) names the actor. The one place `request.actor` is set.
 */
export function apiGuard(adminToken: string, sessions: ConsoleSessions) {
  const bearer = bearerGuard(adminToken);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.headers.authorization === undefined) {
      const actor = sessions.read(readCookie(request, SESSION_COOKIE));
      if (actor) {
        request.actor = actor;
        return;
      }
    }
    return bearer(request, reply);
  };
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

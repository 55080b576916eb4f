import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problem, sendProblem } from './problem';

/**
 * Bearer check for /api/*. Both sides are hashed first, so the comparison is constant-time and does not
 * even reveal the token's length.
 */
export function bearerGuard(adminToken: string) {
  const expected = digest(adminToken);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    const presented = match?.[1];
    if (presented !== undefined && timingSafeEqual(digest(presented), expected)) return;
    reply.header('www-authenticate', 'Bearer realm="entra-sync"');
    return sendProblem(
      reply,
      problem(
        401,
        'unauthorized',
        presented === undefined
          ? 'Send the admin token as `Authorization: Bearer $ADMIN_TOKEN`.'
          : 'The bearer token is not the admin token.',
      ),
    );
  };
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

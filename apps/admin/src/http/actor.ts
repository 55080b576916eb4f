import type { FastifyRequest } from 'fastify';

/** The actor of a request that passed the bearer check and no signed-in identity: automation's static token. */
export const TOKEN_ACTOR = 'admin-token';

/**
 * Who made an authenticated request — the one place the audit asks. A sign-in that knows the operator sets
 * `request.actor` (a name, or `{ name, id }`); without one the static admin token is the actor.
 */
export function actorOf(request: FastifyRequest): string {
  const actor = (request as { actor?: unknown }).actor;
  if (typeof actor === 'string' && actor !== '') return actor.slice(0, 200);
  if (actor && typeof actor === 'object') {
    const { name, id } = actor as { name?: unknown; id?: unknown };
    const parts = [name, id].filter((p): p is string => typeof p === 'string' && p !== '');
    if (parts.length === 2) return `${parts[0]} (${parts[1]})`.slice(0, 200);
    if (parts.length === 1) return (parts[0] ?? '').slice(0, 200);
  }
  return TOKEN_ACTOR;
}

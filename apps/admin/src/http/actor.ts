import type { Actor } from '@entra-sync/api-contract';

export type { Actor };

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Who is acting, set once by the `/api` guard (auth.ts) for every authenticated request: the admin token or
     * the signed-in operator. Audited actions name it (K7).
     */
    actor: Actor | null;
  }
}

export const TOKEN_ACTOR: Actor = { kind: 'token', name: 'admin token', oid: null, username: null };

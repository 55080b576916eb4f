import type { FastifyRequest } from 'fastify';

/**
 * Who is calling the admin API, for the audit log. The bearer token names no person, so every caller is
 * `admin-api` (what local edits record too); sign-in with the MSP's own tenant will put a person here.
 */
export function actorOf(_request: FastifyRequest): string {
  return 'admin-api';
}

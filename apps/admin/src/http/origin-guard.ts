import type { FastifyReply, FastifyRequest } from 'fastify';
import { problem, sendProblem } from './problem';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF guard for requests a browser authenticates by itself (the console's cookie session): one that changes
 * state must name an `Origin` of this server — the origin of `publicUrl` or of the `Host` it was sent to. A
 * request with an `Authorization` header (automation's bearer token) is not cookie-authenticated: a browser
 * never adds that header cross-site, so it passes untouched to the bearer check.
 */
export function originGuard(publicUrl?: string) {
  const configured = publicUrl ? new URL(publicUrl).origin : null;
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (SAFE_METHODS.has(request.method)) return;
    if (request.headers.authorization !== undefined) return;
    if (request.headers.cookie === undefined) return;
    const origin = request.headers.origin;
    if (origin !== undefined && sameOrigin(origin, request, configured)) return;
    return sendProblem(
      reply,
      problem(
        403,
        'origin',
        origin === undefined
          ? 'A cookie-authenticated request that changes state must carry an Origin header naming this server.'
          : `Origin ${JSON.stringify(origin.slice(0, 200))} is not this server; state changes are accepted from its own pages only.`,
      ),
    );
  };
}

function sameOrigin(origin: string, request: FastifyRequest, configured: string | null): boolean {
  if (!URL.canParse(origin)) return false; // `null` (sandboxed frames, file:), garbage
  const parsed = new URL(origin);
  if (configured !== null && parsed.origin === configured) return true;
  const host = request.headers.host;
  return host !== undefined && parsed.host === host.toLowerCase() && /^https?:$/.test(parsed.protocol);
}

import type { FastifyInstance } from 'fastify';
import { consoleAssets } from './console-assets';

export const CONSOLE_PATH = '/console/';

// No inline script or style anywhere: the console's own files only, and calls back to this origin.
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The web console: `/` and `/console` lead to `/console/`, a static shell whose script talks to `/api` with the
 * admin token the operator types in (kept in sessionStorage, never in a URL).
 */
export async function consoleRoutes(app: FastifyInstance): Promise<void> {
  const assets = await consoleAssets();
  app.get('/', async (_request, reply) => reply.redirect(CONSOLE_PATH, 302));
  app.get('/console', async (_request, reply) => reply.redirect(CONSOLE_PATH, 301));
  for (const [name, file] of assets) {
    const url = name === 'index.html' ? CONSOLE_PATH : `${CONSOLE_PATH}${name}`;
    app.get(url, async (request, reply) => {
      reply
        .header('etag', file.etag)
        .header('cache-control', 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer');
      if (name === 'index.html') reply.header('content-security-policy', CSP);
      if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
      return reply.type(file.type).send(file.body);
    });
  }
}

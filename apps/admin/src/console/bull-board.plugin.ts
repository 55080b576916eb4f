import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { queueKeys, type Producer } from '@entra-sync/queues';
import { bearerGuard } from '../http/auth';
import { originGuard } from '../http/origin-guard';
import { problem, sendProblem } from '../http/problem';
import { readCookie, SESSION_COOKIE, type ConsoleSessions } from './console-session';

export const BOARD_PATH = '/admin/queues';

// bull-board's page links a Google font; offline, the CSP turns a hanging request into an immediate fallback.
const BOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
].join('; ');

export interface BoardDeps {
  producer: Producer;
  adminToken: string;
  sessions: ConsoleSessions;
  /** the admin's public URL: the Origin cookie-authenticated state changes must name (or the Host's) */
  publicUrl?: string;
}

const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * bull-board (queue internals) at `/admin/queues`, behind the admin token: the console's session cookie (set at
 * sign-in) or `Authorization: Bearer $ADMIN_TOKEN`. Read-only (X1): every queue adapter is in bull-board's
 * `readOnlyMode`, and any other method than GET/HEAD is refused before bull-board sees it — retries and
 * discards go through the audited admin API (`/api/dead-letters`).
 */
export async function bullBoard(app: FastifyInstance, deps: BoardDeps): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(BOARD_PATH);
  createBullBoard({
    queues: queueKeys.map((key) => new BullMQAdapter(deps.producer.queue(key), { readOnlyMode: true })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'entra-sync queues', hideDocsLink: true } },
  });
  const bearer = bearerGuard(deps.adminToken);
  await app.register(async (board) => {
    board.addHook('onRequest', originGuard(deps.publicUrl));
    board.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      if (deps.sessions.valid(readCookie(request, SESSION_COOKIE))) return;
      if (request.headers.authorization) return bearer(request, reply);
      reply.header('www-authenticate', 'Bearer realm="entra-sync"');
      return sendProblem(
        reply,
        problem(
          401,
          'unauthorized',
          'Sign in to the console at /console/ first (it opens this dashboard), or send Authorization: Bearer $ADMIN_TOKEN.',
        ),
      );
    });
    board.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      if (READ_METHODS.has(request.method)) return;
      reply.header('allow', 'GET, HEAD');
      return sendProblem(
        reply,
        problem(
          405,
          'read-only',
          'The queue dashboard is read-only. Retry or discard dead letters through /api/dead-letters (audited).',
        ),
      );
    });
    board.addHook('onSend', async (_request, reply, payload) => {
      reply.header('content-security-policy', BOARD_CSP);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
      return payload;
    });
    await board.register(serverAdapter.registerPlugin(), { prefix: BOARD_PATH });
  });
}

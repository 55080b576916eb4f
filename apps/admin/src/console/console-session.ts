import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ConsoleSession, NoContent } from '@entra-sync/api-contract';
import type { Api } from '../http/api-instance';

export const SESSION_COOKIE = 'entra_sync_console';
/** the cookie is sent only to the queue dashboard: `/api` never reads it, so it cannot be used for CSRF there */
export const SESSION_COOKIE_PATH = '/admin/queues';
export const SESSION_TTL_MS = 8 * 3_600_000;

/**
 * Sessions for the pages a bearer header cannot reach (bull-board's own UI): an expiry signed with a key derived
 * from the admin token. Rotating ADMIN_TOKEN ends every session.
 */
export class ConsoleSessions {
  constructor(
    private readonly key: Buffer,
    private readonly clock: () => Date,
    readonly ttlMs = SESSION_TTL_MS,
  ) {}

  issue(): string {
    const expires = String(this.clock().getTime() + this.ttlMs);
    return `${expires}.${this.mac(expires)}`;
  }

  valid(value: string | undefined): boolean {
    if (!value) return false;
    const [expires, mac, extra] = value.split('.');
    if (!expires || !mac || extra !== undefined || !/^\d{1,15}$/.test(expires)) return false;
    const expected = Buffer.from(this.mac(expires));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
    return Number(expires) > this.clock().getTime();
  }

  private mac(expires: string): string {
    return createHmac('sha256', this.key).update(`console-session:${expires}`).digest('base64url');
  }
}

export function readCookie(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * `POST /api/console/session` (bearer token, so under `/api`): the console calls it after sign-in and gets an
 * HttpOnly, SameSite=Strict cookie for `/admin/queues`; `DELETE` signs out of it.
 */
export function consoleSessionRoutes(api: Api, sessions: ConsoleSessions): void {
  const open = { summary: 'A cookie for the queue dashboard (W6)', response: { 200: ConsoleSession } };
  api.post('/console/session', { schema: open }, async (request, reply) => {
    const maxAge = Math.floor(sessions.ttlMs / 1000);
    reply.header('set-cookie', cookie(request, sessions.issue(), maxAge));
    return { dashboard: `${SESSION_COOKIE_PATH}/`, expiresInSeconds: maxAge };
  });
  const close = { summary: 'Sign out of the queue dashboard', response: { 204: NoContent } };
  api.delete('/console/session', { schema: close }, async (request, reply) => {
    reply.header('set-cookie', cookie(request, '', 0));
    return reply.code(204).send();
  });
}

function cookie(request: FastifyRequest, value: string, maxAge: number): string {
  const secure = request.protocol === 'https' || request.headers['x-forwarded-proto'] === 'https';
  return [
    `${SESSION_COOKIE}=${value}`,
    `Path=${SESSION_COOKIE_PATH}`,
    `Max-Age=${maxAge}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { Actor, ConsoleSession, NoContent, SessionInfo } from '@entra-sync/api-contract';
import { TOKEN_ACTOR, type Actor as ActorValue } from '../http/actor';
import type { Api } from '../http/api-instance';

export const SESSION_COOKIE = 'entra_sync_console';
/** K7: the console's session reaches `/api` and the queue dashboard; SameSite=Strict keeps other sites out */
export const SESSION_COOKIE_PATH = '/';
export const DASHBOARD_PATH = '/admin/queues';
export const SESSION_TTL_MS = 8 * 3_600_000;

/**
 * Console sessions: who (the admin token or an Entra operator) and until when, signed with a key derived from the
 * admin token. Rotating ADMIN_TOKEN ends every session.
 */
export class ConsoleSessions {
  constructor(
    private readonly key: Buffer,
    private readonly clock: () => Date,
    readonly ttlMs = SESSION_TTL_MS,
  ) {}

  issue(actor: ActorValue): string {
    const expires = String(this.clock().getTime() + this.ttlMs);
    const who = Buffer.from(JSON.stringify(actor), 'utf8').toString('base64url');
    return `${expires}.${who}.${this.mac(`${expires}.${who}`)}`;
  }

  /** The session's actor, or null when the value is missing, forged or expired. */
  read(value: string | undefined): ActorValue | null {
    if (!value) return null;
    const [expires, who, mac, extra] = value.split('.');
    if (!expires || !who || !mac || extra !== undefined || !/^\d{1,15}$/.test(expires)) return null;
    const expected = Buffer.from(this.mac(`${expires}.${who}`));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    if (Number(expires) <= this.clock().getTime()) return null;
    try {
      const actor = Actor.safeParse(JSON.parse(Buffer.from(who, 'base64url').toString('utf8')));
      return actor.success ? actor.data : null;
    } catch {
      return null;
    }
  }

  valid(value: string | undefined): boolean {
    return this.read(value) !== null;
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(`console-session:${payload}`).digest('base64url');
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
 * `POST /api/console/session` (bearer token): the console calls it after a token sign-in and gets an HttpOnly,
 * SameSite=Strict cookie (bull-board cannot send a bearer header); `DELETE` signs out, whoever signed in;
 * `GET /api/session` says who the request acts as.
 */
export function consoleSessionRoutes(api: Api, sessions: ConsoleSessions): void {
  const open = {
    summary: 'A console session cookie for the admin token (W6)',
    response: { 200: ConsoleSession },
  };
  api.post('/console/session', { schema: open }, async (request, reply) => {
    const maxAge = Math.floor(sessions.ttlMs / 1000);
    if (request.actor)
      reply.header('set-cookie', sessionCookie(request, sessions.issue(request.actor), maxAge));
    return { dashboard: `${DASHBOARD_PATH}/`, expiresInSeconds: maxAge };
  });
  const close = { summary: 'Sign out of the console session', response: { 204: NoContent } };
  api.delete('/console/session', { schema: close }, async (request, reply) => {
    reply.header('set-cookie', sessionCookie(request, '', 0));
    return reply.code(204).send();
  });
  const who = { summary: 'Who this request acts as (K7)', response: { 200: SessionInfo } };
  api.get('/session', { schema: who }, async (request) => ({
    actor: request.actor ?? TOKEN_ACTOR,
    via: request.headers.authorization === undefined ? ('cookie' as const) : ('bearer' as const),
  }));
}

export function sessionCookie(request: FastifyRequest, value: string, maxAge: number): string {
  return cookie(request, SESSION_COOKIE, value, { path: SESSION_COOKIE_PATH, maxAge, sameSite: 'Strict' });
}

export function cookie(
  request: FastifyRequest,
  name: string,
  value: string,
  options: { path: string; maxAge: number; sameSite: 'Strict' | 'Lax' },
): string {
  const secure = request.protocol === 'https' || request.headers['x-forwarded-proto'] === 'https';
  return [
    `${name}=${value}`,
    `Path=${options.path}`,
    `Max-Age=${options.maxAge}`,
    'HttpOnly',
    `SameSite=${options.sameSite}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

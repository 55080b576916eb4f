import type { FastifyInstance, FastifyRequest } from 'fastify';
import { recordOperatorAction, type Db } from '@entra-sync/db';
import type { Logger } from '@entra-sync/telemetry';
import type { Actor } from './actor';
import { MUTATING_METHODS, OPERATOR_ACTIONS } from './operator-actions';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** the operator action this route performs (X4); mutating routes without one are named by method and path */
    operatorAction?: string;
  }
}

const notes = new WeakMap<FastifyRequest, Record<string, unknown>>();

/** What a route adds to its audit row (counts, ids — never secrets): `noteOperatorDetail(request, { count })`. */
export function noteOperatorDetail(request: FastifyRequest, detail: Record<string, unknown>): void {
  notes.set(request, { ...notes.get(request), ...detail });
}

/**
 * X3/X4: every mutating request that passed authentication is one operator_audit row, written by one hook before
 * the answer leaves, so no route can forget it and a client that got an answer can read its row. Register
 * `names` before the routes; the authentication hook sets `request.actor` (K7).
 */
export function operatorAudit(api: FastifyInstance, deps: { db: Db; logger: Logger }) {
  return {
    names(): void {
      api.addHook('onRoute', (route) => {
        const methods = [route.method].flat().map((m) => m.toUpperCase());
        if (!methods.some((m) => MUTATING_METHODS.has(m))) return;
        const key = `${methods.find((m) => MUTATING_METHODS.has(m))} ${route.url}`;
        route.config = {
          ...route.config,
          operatorAction: route.config?.operatorAction ?? OPERATOR_ACTIONS[key] ?? key,
        };
      });
    },
    record(): void {
      api.addHook('onSend', async (request, reply, payload) => {
        const action = request.routeOptions.config?.operatorAction;
        // no actor: refused before authentication (401, or 403 for a foreign Origin) — nobody to name
        if (!action || !request.actor || !MUTATING_METHODS.has(request.method)) return payload;
        try {
          await recordOperatorAction(deps.db, {
            actor: actorName(request.actor),
            action,
            method: request.method,
            target: (request.url.split('?')[0] ?? '').slice(0, 500),
            status: reply.statusCode,
            sourceAddress: request.ip,
            detail: { ...shapeOf(request), ...notes.get(request) },
          });
        } catch (err) {
          // the action itself is done (or refused); failing its answer would invite a blind retry
          deps.logger.error({ err, action }, 'could not write the operator audit row');
        }
        return payload;
      });
    },
  };
}

/** Names of what was sent, never values: bodies carry client secrets, certificates and personal data. */
function shapeOf(request: FastifyRequest): Record<string, unknown> {
  const names = (value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.keys(value)
          .slice(0, 50)
          .map((k) => k.slice(0, 100))
      : undefined;
  const fields = names(request.body);
  const query = names(request.query);
  return {
    ...(fields?.length ? { fields } : {}),
    ...(request.body !== undefined && fields === undefined
      ? { body: Array.isArray(request.body) ? 'array' : typeof request.body }
      : {}),
    ...(query?.length ? { query } : {}),
  };
}

/** `admin-token` for automation; an operator by UPN (or name) and Entra object id. */
export function actorName(actor: Actor): string {
  if (actor.kind === 'token') return 'admin-token';
  const who = actor.username ?? actor.name;
  return (actor.oid ? `${who} (${actor.oid})` : who).slice(0, 200);
}

import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../context';
import type { EmuSubscription } from '../state/types';
import { requireRead } from './graph-auth';
import { badRequest, graphBase, GraphHttpError } from './graph-http';

type Body = Record<string, unknown>;
type IdParams = { id: string };

const invalid = (message: string): GraphHttpError => badRequest(message, 'InvalidRequest');
const notFound = (id: string): GraphHttpError =>
  new GraphHttpError(404, 'ResourceNotFound', `The object was not found: subscription '${id}'.`);

export function registerSubscriptionRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post('/subscriptions', async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const target = parseResource(body.resource);
    requireRead(request, target.collection);
    const caller = requireCaller(request);
    const changeTypes = parseChangeType(body.changeType);
    const notificationUrl = parseUrl(body.notificationUrl, 'notificationUrl');
    const lifecycleNotificationUrl =
      body.lifecycleNotificationUrl === undefined || body.lifecycleNotificationUrl === null
        ? null
        : parseUrl(body.lifecycleNotificationUrl, 'lifecycleNotificationUrl');
    const expirationDateTime = parseExpiration(
      body.expirationDateTime,
      ctx.settings.maxSubscriptionMinutes,
      ctx.now(),
    );
    if (
      body.clientState !== undefined &&
      body.clientState !== null &&
      (typeof body.clientState !== 'string' || body.clientState.length > 128)
    ) {
      throw invalid('clientState must be a string of at most 128 characters.');
    }
    for (const url of [notificationUrl, lifecycleNotificationUrl]) {
      if (!url) continue;
      const result = await ctx.notifier.validate(caller.tenant.id, url);
      if (!result.ok) throw badRequest(result.message, 'ValidationError');
    }
    const sub: EmuSubscription = {
      id: randomUUID(),
      tenantId: caller.tenant.id,
      applicationId: caller.claims.appid,
      resource: String(body.resource),
      target,
      changeTypes,
      notificationUrl,
      lifecycleNotificationUrl,
      clientState: (body.clientState as string | undefined) ?? null,
      expirationDateTime,
      createdAt: ctx.now().toISOString(),
    };
    caller.tenant.subscriptions.set(sub.id, sub);
    return reply.code(201).send(present(request, sub));
  });

  app.get('/subscriptions', async (request) => {
    const caller = requireCaller(request);
    const mine = [...caller.tenant.subscriptions.values()].filter(
      (s) => s.applicationId === caller.claims.appid && live(s, ctx.now()),
    );
    return {
      '@odata.context': `${graphBase(request)}/$metadata#subscriptions`,
      value: mine.map((s) => present(request, s)),
    };
  });

  app.get<{ Params: IdParams }>('/subscriptions/:id', async (request) =>
    present(request, find(request, request.params.id, ctx.now())),
  );

  app.patch<{ Params: IdParams }>('/subscriptions/:id', async (request) => {
    const sub = find(request, request.params.id, ctx.now());
    const body = (request.body ?? {}) as Body;
    const unsupported = Object.keys(body).filter((k) => k !== 'expirationDateTime');
    if (unsupported.length > 0)
      throw invalid(
        `Only expirationDateTime can be updated (graph-emulator); got ${unsupported.join(', ')}.`,
      );
    sub.expirationDateTime = parseExpiration(
      body.expirationDateTime,
      ctx.settings.maxSubscriptionMinutes,
      ctx.now(),
    );
    return present(request, sub);
  });

  app.delete<{ Params: IdParams }>('/subscriptions/:id', async (request, reply) => {
    const sub = find(request, request.params.id, ctx.now());
    requireCaller(request).tenant.subscriptions.delete(sub.id);
    return reply.code(204).send();
  });

  app.post<{ Params: IdParams }>('/subscriptions/:id/reauthorize', async (request, reply) => {
    find(request, request.params.id, ctx.now());
    return reply.code(204).send();
  });
}

function requireCaller(request: FastifyRequest) {
  const caller = request.graphCaller;
  if (!caller) throw new GraphHttpError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
  return caller;
}

const live = (sub: EmuSubscription, now: Date): boolean => Date.parse(sub.expirationDateTime) > now.getTime();

/** Expired subscriptions are gone, as Graph deletes them. */
function find(request: FastifyRequest, id: string, now: Date): EmuSubscription {
  const caller = requireCaller(request);
  const sub = caller.tenant.subscriptions.get(id);
  if (!sub || sub.applicationId !== caller.claims.appid) throw notFound(id);
  if (!live(sub, now)) {
    caller.tenant.subscriptions.delete(id);
    throw notFound(id);
  }
  return sub;
}

function parseResource(value: unknown): EmuSubscription['target'] {
  const match =
    typeof value === 'string' ? /^\/?(users|groups)(?:\/([0-9a-fA-F-]{36}))?$/i.exec(value.trim()) : null;
  if (!match)
    throw invalid(
      `Resource '${String(value)}' is not supported; the emulator supports users, users/{id}, groups and groups/{id}.`,
    );
  return {
    collection: (match[1] as string).toLowerCase() as 'users' | 'groups',
    id: match[2]?.toLowerCase() ?? null,
  };
}

function parseChangeType(value: unknown): Array<'updated' | 'deleted'> {
  if (typeof value !== 'string' || value.trim() === '') throw invalid('changeType is required.');
  const types = value.split(',').map((t) => t.trim());
  for (const type of types) {
    if (type === 'created')
      throw invalid("ChangeType 'created' is not supported for users and groups; use updated and deleted.");
    if (type !== 'updated' && type !== 'deleted') throw invalid(`Invalid changeType '${type}'.`);
  }
  return [...new Set(types)] as Array<'updated' | 'deleted'>;
}

/** Graph wants https; the emulator also accepts http on loopback so local receivers work without TLS. */
function parseUrl(value: unknown, name: string): string {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw invalid(`${name} must be an absolute URL.`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    throw invalid(`${name} must be an https URL.`);
  return url.toString();
}

function parseExpiration(value: unknown, maxMinutes: number, now: Date): string {
  const at = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(at)) throw invalid('expirationDateTime is required and must be an ISO 8601 date-time.');
  if (at <= now.getTime()) throw invalid('Subscription expiration must be in the future.');
  if (at > now.getTime() + maxMinutes * 60_000 + 60_000)
    throw invalid(`Subscription expiration can only be ${maxMinutes} minutes in the future.`);
  return new Date(at).toISOString();
}

function present(request: FastifyRequest, sub: EmuSubscription): Record<string, unknown> {
  return {
    '@odata.context': `${graphBase(request)}/$metadata#subscriptions/$entity`,
    id: sub.id,
    resource: sub.resource,
    applicationId: sub.applicationId,
    changeType: sub.changeTypes.join(','),
    clientState: sub.clientState,
    notificationUrl: sub.notificationUrl,
    lifecycleNotificationUrl: sub.lifecycleNotificationUrl,
    expirationDateTime: sub.expirationDateTime,
    creatorId: sub.applicationId,
    includeResourceData: false,
    latestSupportedTlsVersion: 'v1_2',
    encryptionCertificate: null,
    encryptionCertificateId: null,
    notificationQueryOptions: null,
    notificationUrlAppId: null,
  };
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isGraphResource, type EmulatorContext } from '../context';
import type { Tenant } from '../state/emulator-state';
import { aad } from './aad-errors';
import { authorizationCodeGrant, authorizeRoute, refreshTokenGrant } from './delegated-flow';

type TenantParams = { tenant: string };

/** Entra's v2.0 endpoints for one tenant: OpenID configuration, keys, token (and authorize for the delegated flow). */
export function registerLoginRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get<{ Params: TenantParams }>(
    '/:tenant/v2.0/.well-known/openid-configuration',
    async (request, reply) => {
      const tenant = ctx.state.findTenant(request.params.tenant);
      if (!tenant) return aad.tenantNotFound(reply, request.params.tenant);
      const base = `${origin(request)}/${tenant.id}`;
      return {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: [
          'client_secret_post',
          'private_key_jwt',
          'client_secret_basic',
        ],
        jwks_uri: `${base}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        issuer: `${base}/v2.0`,
        request_uri_parameter_supported: false,
        userinfo_endpoint: `${origin(request)}/oidc/userinfo`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
        http_logout_supported: true,
        frontchannel_logout_supported: true,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        claims_supported: [
          'sub',
          'iss',
          'aud',
          'exp',
          'iat',
          'nonce',
          'name',
          'tid',
          'oid',
          'preferred_username',
          'groups',
        ],
        tenant_region_scope: null,
        cloud_instance_name: 'graph-emulator.local',
        cloud_graph_host_name: request.host,
        msgraph_host: request.host,
      };
    },
  );

  app.get<{ Params: TenantParams }>('/:tenant/discovery/v2.0/keys', async (request, reply) => {
    if (!ctx.state.findTenant(request.params.tenant)) return aad.tenantNotFound(reply, request.params.tenant);
    return ctx.signer.jwks();
  });

  app.get<{ Params: TenantParams; Querystring: Record<string, string> }>(
    '/:tenant/oauth2/v2.0/authorize',
    (request, reply) => authorizeRoute(ctx, request, reply),
  );

  app.post<{ Params: TenantParams }>('/:tenant/oauth2/v2.0/token', async (request, reply) => {
    const tenant = ctx.state.findTenant(request.params.tenant);
    if (!tenant) return aad.tenantNotFound(reply, request.params.tenant);
    const form = request.body instanceof URLSearchParams ? request.body : new URLSearchParams();
    const basic = parseBasic(request.headers.authorization);
    const clientId = form.get('client_id') ?? basic?.id;
    if (!clientId) return aad.missingParameter(reply, 'client_id');
    const app = ctx.state.appInTenant(tenant, clientId);
    if (!app) return aad.unknownApp(reply, clientId, tenant.id);
    const grant = form.get('grant_type') ?? '';
    if (!['client_credentials', 'authorization_code', 'refresh_token'].includes(grant)) {
      return grant ? aad.unsupportedGrant(reply, grant) : aad.missingParameter(reply, 'grant_type');
    }
    if (form.has('client_assertion')) return aad.unsupportedAssertion(reply, clientId);
    const secret = form.get('client_secret') ?? basic?.secret;
    if (!secret) return aad.missingSecret(reply);
    if (!app.secrets.has(secret)) return aad.invalidSecret(reply, clientId);
    if (grant === 'authorization_code') return authorizationCodeGrant(ctx, tenant, app, form, reply);
    if (grant === 'refresh_token') return refreshTokenGrant(ctx, tenant, app, form, reply);
    return clientCredentials(ctx, tenant, app.clientId, app.permissions, form, reply);
  });
}

function clientCredentials(
  ctx: EmulatorContext,
  tenant: Tenant,
  clientId: string,
  roles: string[],
  form: URLSearchParams,
  reply: FastifyReply,
): FastifyReply {
  const scope = form.get('scope') ?? '';
  const resourceScope = scope.split(' ').find((s) => s.endsWith('/.default'));
  if (!resourceScope) return aad.invalidScope(reply, scope);
  const resource = resourceScope.slice(0, -'/.default'.length);
  if (!isGraphResource(resource)) return aad.unknownResource(reply, resource, tenant.id);
  const { token, expiresIn } = ctx.issuer.issue({
    aud: resource,
    iss: `https://sts.windows.net/${tenant.id}/`,
    appid: clientId,
    tid: tenant.id,
    idtyp: 'app',
    roles,
  });
  return reply.send({
    token_type: 'Bearer',
    expires_in: expiresIn,
    ext_expires_in: expiresIn,
    access_token: token,
  });
}

export function origin(request: FastifyRequest): string {
  return `https://${request.host}`;
}

function parseBasic(header: string | undefined): { id: string; secret: string } | null {
  if (!header?.startsWith('Basic ')) return null;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return {
    id: decodeURIComponent(decoded.slice(0, colon)),
    secret: decodeURIComponent(decoded.slice(colon + 1)),
  };
}

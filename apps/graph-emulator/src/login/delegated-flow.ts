import type { FastifyReply, FastifyRequest } from 'fastify';
import { isGraphResource, type EmulatorContext } from '../context';
import type { Tenant } from '../state/emulator-state';
import { transitiveGroupsOf } from '../state/membership';
import type { EmuApp } from '../state/types';
import { aad } from './aad-errors';
import { pkceChallengeOf } from './id-token-signer';

const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
/** Entra puts at most this many groups in a JWT; beyond it the token points at Graph instead (overage) */
export const GROUPS_CLAIM_LIMIT = 200;

interface CodePayload {
  typ: 'code' | 'refresh';
  tid: string;
  appid: string;
  oid: string;
  upn: string;
  scope: string;
  redirectUri?: string;
  /** PKCE (RFC 7636) and OpenID Connect's nonce, bound to the code at /authorize */
  codeChallenge?: string;
  codeChallengeMethod?: 'plain' | 'S256';
  nonce?: string;
  exp: number;
}

/**
 * The admin-consent / authorization-code flow (S7.2), simplified: the emulator signs in `login_hint` (or the
 * tenant's first user) without a login page, records consent, and redirects back with a code.
 */
export function authorizeRoute(
  ctx: EmulatorContext,
  request: FastifyRequest<{ Params: { tenant: string }; Querystring: Record<string, string> }>,
  reply: FastifyReply,
): FastifyReply {
  const tenant = ctx.state.findTenant(request.params.tenant);
  if (!tenant) return aad.tenantNotFound(reply, request.params.tenant);
  const q = request.query;
  const app = q.client_id ? ctx.state.apps.get(q.client_id) : undefined;
  if (!app || !q.client_id) return aad.unknownApp(reply, q.client_id ?? '', tenant.id);
  if (!q.redirect_uri) return aad.missingParameter(reply, 'redirect_uri');
  if (app.redirectUris.length > 0 && !app.redirectUris.includes(q.redirect_uri)) {
    return aad.invalidGrant(
      reply,
      `The redirect URI '${q.redirect_uri}' specified in the request does not match the redirect URIs configured for the application '${app.clientId}'.`,
    );
  }
  if (q.response_type !== 'code') return aad.unsupportedGrant(reply, q.response_type ?? '');
  const method = q.code_challenge ? (q.code_challenge_method ?? 'plain') : undefined;
  if (method !== undefined && method !== 'plain' && method !== 'S256') {
    return aad.invalidRequest(reply, 501491, `Invalid code_challenge_method: '${method}'.`);
  }
  if (app.homeTenantId !== tenant.id) tenant.consentedApps.add(app.clientId);
  const user =
    (q.login_hint ? tenant.directory.findUser(q.login_hint) : undefined) ??
    tenant.directory.userOrder.all()[0];
  const code = ctx.issuer.sign({
    typ: 'code',
    tid: tenant.id,
    appid: app.clientId,
    oid: user?.id ?? '00000000-0000-0000-0000-000000000001',
    upn: user?.userPrincipalName ?? `admin@${tenant.domain}`,
    scope: q.scope ?? '',
    redirectUri: q.redirect_uri,
    ...(q.code_challenge ? { codeChallenge: q.code_challenge, codeChallengeMethod: method } : {}),
    ...(q.nonce ? { nonce: q.nonce } : {}),
    exp: ctx.now().getTime() + 10 * 60_000,
  } satisfies CodePayload);
  const target = new URL(q.redirect_uri);
  target.searchParams.set('code', code);
  if (q.state) target.searchParams.set('state', q.state);
  target.searchParams.set('session_state', tenant.id);
  return reply.redirect(target.toString(), 302);
}

export function authorizationCodeGrant(
  ctx: EmulatorContext,
  tenant: Tenant,
  app: EmuApp,
  form: URLSearchParams,
  reply: FastifyReply,
): FastifyReply {
  const code = ctx.issuer.open<CodePayload>(form.get('code') ?? '');
  if (
    !code ||
    code.typ !== 'code' ||
    code.tid !== tenant.id ||
    code.appid !== app.clientId ||
    code.exp < ctx.now().getTime()
  ) {
    return aad.invalidGrant(
      reply,
      'The provided authorization code or refresh token has expired or is invalid.',
    );
  }
  if (code.redirectUri !== form.get('redirect_uri')) {
    return aad.invalidGrant(
      reply,
      'The redirect URI in the request does not match the one used to obtain the authorization code.',
    );
  }
  if (code.codeChallenge !== undefined) {
    const verifier = form.get('code_verifier');
    if (!verifier) return aad.missingParameter(reply, 'code_verifier');
    if (pkceChallengeOf(verifier, code.codeChallengeMethod ?? 'plain') !== code.codeChallenge) {
      return aad.invalidGrantCode(
        reply,
        501481,
        'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
      );
    }
  }
  return userTokens(ctx, tenant, app, { ...code, scope: form.get('scope') ?? code.scope }, reply);
}

export function refreshTokenGrant(
  ctx: EmulatorContext,
  tenant: Tenant,
  app: EmuApp,
  form: URLSearchParams,
  reply: FastifyReply,
): FastifyReply {
  const refresh = ctx.issuer.open<CodePayload>(form.get('refresh_token') ?? '');
  if (!refresh || refresh.typ !== 'refresh' || refresh.tid !== tenant.id || refresh.appid !== app.clientId) {
    return aad.invalidGrant(
      reply,
      'The provided authorization code or refresh token has expired or is invalid.',
    );
  }
  return userTokens(ctx, tenant, app, { ...refresh, scope: form.get('scope') ?? refresh.scope }, reply);
}

function userTokens(
  ctx: EmulatorContext,
  tenant: Tenant,
  app: EmuApp,
  grant: CodePayload,
  reply: FastifyReply,
): FastifyReply {
  const resourceScopes = grant.scope.split(' ').filter((s) => s && !OIDC_SCOPES.has(s));
  const resource =
    resourceScopes[0]?.slice(0, resourceScopes[0].lastIndexOf('/')) ?? 'https://graph.microsoft.com';
  if (!isGraphResource(resource)) return aad.unknownResource(reply, resource, tenant.id);
  const permissions = resourceScopes
    .map((s) => s.slice(s.lastIndexOf('/') + 1))
    .flatMap((p) => (p === '.default' ? app.permissions : [p]));
  const { token, expiresIn } = ctx.issuer.issue({
    aud: resource,
    iss: `https://sts.windows.net/${tenant.id}/`,
    appid: app.clientId,
    tid: tenant.id,
    idtyp: 'user',
    scp: permissions.join(' '),
    oid: grant.oid,
  });
  const now = Math.floor(ctx.now().getTime() / 1000);
  const idToken = ctx.signer.sign({
    aud: app.clientId,
    iss: `https://${reply.request.host}/${tenant.id}/v2.0`,
    iat: now,
    nbf: now,
    exp: now + expiresIn,
    ...(grant.typ === 'code' && grant.nonce !== undefined ? { nonce: grant.nonce } : {}),
    name: tenant.directory.findUser(grant.oid)?.displayName ?? grant.upn,
    tid: tenant.id,
    oid: grant.oid,
    sub: grant.oid,
    preferred_username: grant.upn,
    ...groupsClaim(tenant, grant.oid, reply.request.host),
    ver: '2.0',
  });
  const { nonce: _nonce, codeChallenge: _challenge, codeChallengeMethod: _method, ...kept } = grant;
  const refreshToken = ctx.issuer.sign({
    ...kept,
    typ: 'refresh',
    exp: ctx.now().getTime() + 90 * 86_400_000,
  } satisfies CodePayload);
  return reply.send({
    token_type: 'Bearer',
    scope: resourceScopes.join(' '),
    expires_in: expiresIn,
    ext_expires_in: expiresIn,
    access_token: token,
    refresh_token: refreshToken,
    id_token: idToken,
    client_info: Buffer.from(JSON.stringify({ uid: grant.oid, utid: tenant.id })).toString('base64url'),
  });
}

/** The `groups` claim: the user's security groups, nested ones included, or the overage pointer past the limit. */
function groupsClaim(tenant: Tenant, oid: string, host: string): Record<string, unknown> {
  if (!tenant.directory.findUser(oid)) return {};
  const groups = transitiveGroupsOf(tenant.directory, oid)
    .filter((g) => g.securityEnabled)
    .map((g) => g.id);
  if (groups.length <= GROUPS_CLAIM_LIMIT) return { groups };
  return {
    _claim_names: { groups: 'src1' },
    _claim_sources: { src1: { endpoint: `https://${host}/v1.0/users/${oid}/getMemberObjects` } },
  };
}

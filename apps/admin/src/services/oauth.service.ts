import {
  createConnection,
  getConnection,
  getConnectionCredentials,
  isUniqueViolation,
  updateConnection,
  type Connection,
  type ConnectionCredentials,
} from '@entra-sync/db';
import { authorizationUrl, createCredential, type GraphFailure } from '@entra-sync/graph';
import type { ConnectionDeps, NewConnection } from './connection.service';
import { describeFailure, safeFailure } from './graph-access';
import type { ConsentState, ConsentStates, OpenStateOutcome } from './oauth-state';
import { resyncAfterChange } from './sync.service';

export interface OAuthDeps extends ConnectionDeps {
  states: ConsentStates;
}

export interface ConsentLink {
  url: string;
  expiresAt: Date;
  redirectUri: string;
}

/**
 * S7.2: where to send the tenant's administrator. The authorize request names the connection's tenant and asks
 * for the app's permissions (`.default`); `prompt=consent` shows the consent screen even when an earlier grant
 * exists, so a changed permission set can be granted again.
 */
export async function consentLink(
  deps: OAuthDeps,
  connectionId: string,
  redirectUri: string,
): Promise<ConsentLink | null> {
  const stored = await getConnectionCredentials(deps.db, deps.box, connectionId);
  if (!stored) return null;
  const { state, expiresAt } = deps.states.issue(connectionId, redirectUri);
  const url = new URL(
    authorizationUrl(deps.graph.endpoints, {
      tenant: stored.tenantId ?? stored.tenant,
      clientId: stored.clientId,
      redirectUri,
      state,
    }),
  );
  url.searchParams.set('prompt', 'consent');
  return { url: url.toString(), expiresAt, redirectUri };
}

export type DelegatedOutcome =
  { kind: 'created'; connection: Connection; consent: ConsentLink } | { kind: 'name-taken' };

/**
 * A connection to a tenant that has not consented yet cannot pass the credential check of POST /connections, so
 * the delegated setup stores it `pending` (B6) and hands back the consent link; the callback connects it.
 */
export async function addDelegatedConnection(
  deps: OAuthDeps,
  input: NewConnection,
  redirectUri: string,
): Promise<DelegatedOutcome> {
  let connection: Connection;
  try {
    connection = await createConnection(deps.db, deps.box, { ...input, status: 'pending' });
  } catch (err) {
    if (isUniqueViolation(err)) return { kind: 'name-taken' };
    throw err;
  }
  const consent = await consentLink(deps, connection.id, redirectUri);
  if (!consent) throw new Error(`connection ${connection.id} vanished while it was being set up`);
  return { kind: 'created', connection, consent };
}

export interface CallbackQuery {
  state?: string;
  code?: string;
  error?: string;
}

export type CallbackOutcome =
  | { kind: 'connected'; connection: Connection; syncRunId: string | null }
  | { kind: 'invalid-state'; reason: Extract<OpenStateOutcome, { ok: false }>['reason'] | 'missing' }
  | { kind: 'denied'; error: string; connectionId: string }
  | { kind: 'missing-code' }
  | { kind: 'not-found'; connectionId: string }
  | { kind: 'exchange-failed'; failure: GraphFailure }
  | { kind: 'no-tenant' }
  | { kind: 'tenant-mismatch'; expected: string; actual: string }
  | { kind: 'app-access-failed'; failure: GraphFailure };

/**
 * `/oauth/callback`: the state first (nothing else is looked at before it proves the request came from our own
 * redirect), then the code is redeemed with AuthorizationCodeCredential. The tenant is the token's `tid`, never a
 * query parameter; it must be the connection's tenant, and the app-only access the product runs on must work there.
 */
export async function completeConsent(deps: OAuthDeps, query: CallbackQuery): Promise<CallbackOutcome> {
  if (!query.state) return { kind: 'invalid-state', reason: 'missing' };
  const opened = deps.states.open(query.state);
  if (!opened.ok) return { kind: 'invalid-state', reason: opened.reason };
  const { connectionId } = opened.state;
  if (query.error) return { kind: 'denied', error: query.error, connectionId };
  if (!query.code) return { kind: 'missing-code' };
  const current = await getConnection(deps.db, connectionId);
  const stored = await getConnectionCredentials(deps.db, deps.box, connectionId);
  if (!current || !stored) return { kind: 'not-found', connectionId };

  const redeemed = await redeemCode(deps, stored, query.code, opened.state);
  if (!redeemed.ok) return { kind: 'exchange-failed', failure: redeemed.failure };
  const tenantId = tenantOfToken(redeemed.accessToken);
  if (!tenantId) return { kind: 'no-tenant' };
  if (stored.tenantId && stored.tenantId.toLowerCase() !== tenantId)
    return { kind: 'tenant-mismatch', expected: stored.tenantId, actual: tenantId };

  const verified = await deps.graph.verify({
    tenant: tenantId,
    clientId: stored.clientId,
    clientSecret: stored.clientSecret,
  });
  if (!verified.ok) {
    await updateConnection(deps.db, deps.box, connectionId, { lastError: describeFailure(verified.failure) });
    return { kind: 'app-access-failed', failure: verified.failure };
  }
  const typed = stored.tenant.toLowerCase();
  const names = [verified.organization.tenantId, ...verified.organization.domains].map((d) =>
    d.toLowerCase(),
  );
  if (!names.includes(typed)) return { kind: 'tenant-mismatch', expected: stored.tenant, actual: tenantId };

  const connection = await updateConnection(deps.db, deps.box, connectionId, {
    tenantId: verified.organization.tenantId,
    lastError: null,
    nextRetryAt: null,
    ...(current.status === 'disabled' ? {} : { status: 'connected' as const }),
  });
  if (!connection) return { kind: 'not-found', connectionId };
  deps.logger.info({ connectionId, tenantId }, 'S7.2 admin consent completed');
  if (connection.status !== 'connected' || current.status === 'connected')
    return { kind: 'connected', connection, syncRunId: null };
  await deps.producer
    .add('subscriptions', 'subscriptions.ensure', { connectionId })
    .catch((err: unknown) =>
      deps.logger.warn({ err, connectionId }, 'could not enqueue subscriptions.ensure'),
    );
  return {
    kind: 'connected',
    connection,
    syncRunId: await resyncAfterChange(deps, connectionId, 'connection'),
  };
}

type Redeemed = { ok: true; accessToken: string } | { ok: false; failure: GraphFailure };

async function redeemCode(
  deps: OAuthDeps,
  stored: ConnectionCredentials,
  code: string,
  state: ConsentState,
): Promise<Redeemed> {
  const credential = createCredential(
    {
      tenant: stored.tenantId ?? stored.tenant,
      clientId: stored.clientId,
      credential: {
        kind: 'authorizationCode',
        clientSecret: stored.clientSecret,
        authorizationCode: code,
        redirectUri: state.redirectUri,
      },
    },
    deps.graph.endpoints,
  );
  try {
    const token = await credential.getToken(deps.graph.endpoints.scope);
    if (!token) throw new Error('Entra ID returned no token for the authorization code.');
    return { ok: true, accessToken: token.token };
  } catch (err) {
    const failure = safeFailure(err, stored.clientSecret);
    const message = failure.message.split(code).join('[Redacted]');
    const aadsts = /AADSTS\d+/.exec(message)?.[0];
    return { ok: false, failure: { ...failure, message, ...(aadsts ? { code: aadsts } : {}) } };
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The `tid` claim of an access token we just received from the token endpoint over TLS. */
export function tenantOfToken(accessToken: string): string | null {
  const payload = accessToken.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { tid?: unknown };
    const tid = typeof claims.tid === 'string' ? claims.tid.toLowerCase() : '';
    return GUID.test(tid) ? tid : null;
  } catch {
    return null;
  }
}

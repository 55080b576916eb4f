import { pause, type Fault } from './fault';

/** Graph's client timeout (packages/graph OutcomeMiddleware) is 60 s: a hung request costs its job that long. */
const HANG_MS = 60_000;
const HANG_WINDOW_MS = 1_500;

/** The next 40 Graph requests of the tenant answer 503 (no Retry-After). */
export const graph503: Fault = {
  kind: 'graph-503',
  async inject({ stack, tenant }) {
    await stack.emulator.faults({ tenantId: tenant.tenantId, unavailable: { share: 1, limit: 40 } });
    await pause(2_000);
    await stack.emulator.faults(null);
    return 'up to 40 requests answered 503 within 2 s';
  },
};

/** Requests arriving within 1.5 s get no answer before the client gives up (60 s). */
export const graphHang: Fault = {
  kind: 'graph-hang',
  async inject({ stack, tenant }) {
    await stack.emulator.faults({ tenantId: tenant.tenantId, latencyMs: HANG_MS });
    await pause(HANG_WINDOW_MS);
    await stack.emulator.faults(null);
    return `requests within ${HANG_WINDOW_MS} ms held ${HANG_MS / 1000} s`;
  },
};

/** Every request answered 429 with Retry-After: 2, up to 200 of them, for 3 s. */
export const graph429Storm: Fault = {
  kind: 'graph-429-storm',
  async inject({ stack, tenant }) {
    await stack.emulator.faults({
      tenantId: tenant.tenantId,
      throttle: { share: 1, retryAfterSeconds: 2, limit: 200 },
    });
    await pause(3_000);
    await stack.emulator.faults(null);
    return 'up to 200 requests answered 429 (Retry-After 2) within 3 s';
  },
};

/** Every stored delta link of the tenant answers 410 from now on: the next delta pass must start over. */
export const deltaTokenExpiry: Fault = {
  kind: 'delta-token-expiry',
  async inject({ stack, tenant }) {
    await stack.emulator.call('POST', `/tenants/${tenant.tenantId}/delta/expire`);
    return 'delta links expired (410 on the next round)';
  },
};

/**
 * The operator's rotation (README: PATCH the connection's clientSecret; the API checks it first): Entra issues a
 * second secret, the connection gets it through the admin API, the old one is revoked. Every other rotation
 * revokes the old secret first (an expired secret the operator replaces late).
 */
export const secretRotation: Fault = {
  kind: 'secret-rotation',
  async inject({ stack, tenant, random }) {
    const old = tenant.clientSecret;
    const { clientSecret } = await stack.emulator.call<{ clientSecret: string }>(
      'POST',
      `/apps/${tenant.clientId}/secrets`,
    );
    const revokeFirst = random() < 0.5;
    const revoke = () =>
      stack.emulator.call('POST', `/apps/${tenant.clientId}/invalidate-secret`, { secret: old });
    if (revokeFirst) {
      await revoke();
      await pause(1_000);
    }
    const patched = await stack.api('PATCH', `/connections/${tenant.connectionId}`, { clientSecret });
    if (patched.status !== 200)
      throw new Error(`PATCH /api/connections/${tenant.connectionId} answered ${patched.status}`);
    tenant.clientSecret = clientSecret;
    if (!revokeFirst) await revoke();
    return revokeFirst ? 'old secret revoked, then replaced' : 'new secret set, then the old one revoked';
  },
};

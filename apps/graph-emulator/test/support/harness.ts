import { startTestEmulator, type RunningEmulator } from '../../src';

export { startTestEmulator };

export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export async function call<T = Record<string, unknown>>(
  url: string,
  init: RequestInit = {},
): Promise<Answer<T>> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // plain text answers stay text
  }
  return { status: res.status, body: body as T, headers: res.headers };
}

export function control<T = Record<string, unknown>>(
  emulator: RunningEmulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer<T>> {
  return call<T>(`${emulator.url}/_emulator${path}`, {
    method,
    ...(body !== undefined
      ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
      : {}),
  });
}

export async function tokenFor(
  emulator: RunningEmulator,
  tenant: string,
  clientId: string,
  clientSecret: string,
): Promise<Answer> {
  return call(`${emulator.url}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope: `${emulator.url}/.default`,
    }).toString(),
  });
}

/** A tenant with an app, and a bearer token for it. */
export async function tenantWithToken(
  emulator: RunningEmulator,
  permissions?: string[],
): Promise<{ tenantId: string; domain: string; clientId: string; clientSecret: string; token: string }> {
  const tenant = emulator.state.createTenant();
  const { app, clientSecret } = emulator.state.createApp(tenant.id, permissions ? { permissions } : {});
  const answer = await tokenFor(emulator, tenant.id, app.clientId, clientSecret);
  return {
    tenantId: tenant.id,
    domain: tenant.domain,
    clientId: app.clientId,
    clientSecret,
    token: String(answer.body.access_token),
  };
}

export function graph<T = Record<string, unknown>>(
  emulator: RunningEmulator,
  token: string,
  path: string,
  init: RequestInit = {},
): Promise<Answer<T>> {
  const url = path.startsWith('https://') ? path : `${emulator.url}/v1.0${path}`;
  return call<T>(url, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) },
  });
}

export async function waitUntil<T>(
  read: () => T,
  done: (value: T) => boolean,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

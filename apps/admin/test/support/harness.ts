import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { RunningEmulator } from '@entra-sync/graph-emulator';
import { createTestDatabase, testSecretBox, type TestDatabase } from '@entra-sync/db/testing';
import { resolveEndpoints } from '@entra-sync/graph';
import { testQueues } from '@entra-sync/queues/testing';
import { createLogger } from '@entra-sync/telemetry';
import { buildAdmin, type SignInConfig } from '../../src';
import { createTestTenant, startTestEmulator, type TestTenant } from './emulator';

export interface ApiResponse<T = unknown> {
  status: number;
  contentType: string;
  headers: Headers;
  text: string;
  body: T;
}

/**
 * The admin API on a real port over a private database (clone of the migrated template), Redis under a random
 * BullMQ prefix and the Graph emulator over HTTPS. Every response body and log line is kept, so a test can
 * prove a secret never appears in either.
 */
export async function startAdmin(options: { signIn?: (emulator: RunningEmulator) => SignInConfig } = {}) {
  const database: TestDatabase = await createTestDatabase();
  const emulator: RunningEmulator = await startTestEmulator();
  const queues = testQueues();
  const { prefix, producer } = queues;
  const logLines: string[] = [];
  const logger = createLogger({
    service: 'admin',
    level: 'trace',
    destination: { write: (line: string) => void logLines.push(line) },
  });
  const token = randomBytes(24).toString('base64url');
  const app = buildAdmin({
    db: database.db,
    box: testSecretBox(),
    producer,
    graphEndpoints: resolveEndpoints({ graphEndpoint: emulator.url, loginEndpoint: emulator.url }),
    logger,
    adminToken: token,
    queuePrefix: prefix,
    signIn: options.signIn?.(emulator) ?? null,
  });
  const routes: Array<{ method: string; url: string }> = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const responses: string[] = [];

  async function api<T = any>( // eslint-disable-line @typescript-eslint/no-explicit-any
    method: string,
    path: string,
    body?: unknown,
    options: { token?: string | null; rawBody?: string; contentType?: string } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {};
    const bearer = options.token === undefined ? token : options.token;
    if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
    const payload = options.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
    if (payload !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
    const res = await fetch(`${base}${path}`, { method, headers, body: payload });
    const text = await res.text();
    responses.push(text);
    const contentType = res.headers.get('content-type') ?? '';
    return {
      status: res.status,
      contentType,
      headers: res.headers,
      text,
      body: (text && contentType.includes('json') ? JSON.parse(text) : text) as T,
    };
  }

  return {
    api,
    app,
    /** every route the server registered (method and Fastify path), HEAD included */
    routes,
    base,
    token,
    db: database.db,
    emulator,
    producer,
    prefix,
    logLines,
    responses,
    tenant: (): TestTenant => createTestTenant(emulator),
    /**
     * A connection created through the API, for the tenant given (a new one by default); the staff tenant
     * unless `staffTenant` is false (S3.4), so rules of either target are accepted.
     */
    async connection(
      tenant: TestTenant = createTestTenant(emulator),
      name = `Tenant ${randomUUID().slice(0, 8)}`,
      staffTenant = true,
    ) {
      const res = await api('POST', '/api/connections', {
        name,
        tenant: tenant.domain,
        clientId: tenant.clientId,
        clientSecret: tenant.clientSecret,
        staffTenant,
      });
      if (res.status !== 201) throw new Error(`connection not created: ${res.status} ${res.text}`);
      return { id: res.body.id as string, tenant };
    },
    /** whether any response body or log line so far contains the text */
    leaked(text: string): string[] {
      return [...responses, ...logLines].filter((line) => line.includes(text));
    },
    async close() {
      await app.close();
      await queues.close();
      await emulator.close();
      await database.destroy();
    },
  };
}

export type Admin = Awaited<ReturnType<typeof startAdmin>>;

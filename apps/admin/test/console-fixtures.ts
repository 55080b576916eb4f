import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { updateConnection } from '@entra-sync/db';
import { createTestDatabase, seedHeldRemovals, testSecretBox } from '@entra-sync/db/testing';
import { resolveEndpoints } from '@entra-sync/graph';
import { testQueues } from '@entra-sync/queues/testing';
import { makeDeadLetters as deadLetters } from '@entra-sync/queues/testing';
import { createLogger } from '@entra-sync/telemetry';
import { buildAdmin } from '../src';
import { tenantDirectory } from './support/directory';
import { createTestTenant, startTestEmulator } from './support/emulator';

/**
 * A real admin server for the browser tests (Postgres clone, Redis under a random prefix, the Graph emulator),
 * like test/support/harness.ts but sampling the queue history every 2 s over a 2-minute window, so the chart
 * has lines within one test run.
 */
export async function startConsoleServer() {
  const database = await createTestDatabase();
  const emulator = await startTestEmulator();
  const queues = testQueues();
  const { prefix, producer } = queues;
  const logLines: string[] = [];
  const logger = createLogger({
    service: 'admin',
    level: 'debug',
    destination: { write: (line: string) => void logLines.push(line) },
  });
  const token = randomBytes(24).toString('base64url');
  const box = testSecretBox();
  const app = buildAdmin({
    db: database.db,
    box,
    producer,
    graphEndpoints: resolveEndpoints({ graphEndpoint: emulator.url, loginEndpoint: emulator.url }),
    logger,
    adminToken: token,
    queuePrefix: prefix,
    queueHistory: { intervalMs: 2000, windowMs: 120_000 },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  return {
    base,
    token,
    db: database.db,
    box,
    emulator,
    producer,
    prefix,
    logLines,
    api,
    async close() {
      await app.close();
      await queues.close();
      await emulator.close();
      await database.destroy();
    },
  };
}

export type ConsoleServer = Awaited<ReturnType<typeof startConsoleServer>>;

/**
 * What an operator would have after a few minutes: a connected tenant with staff synced through a rule, a
 * customer group without a rule yet, a failing second tenant waiting to reconnect (S7.3), a customer account.
 */
export async function seedConsole(server: ConsoleServer) {
  const tenant = createTestTenant(server.emulator, { domain: `contoso-${randomUUID().slice(0, 6)}.example` });
  const contoso = await server.api('POST', '/api/connections', {
    name: 'Contoso',
    tenant: tenant.domain,
    clientId: tenant.clientId,
    clientSecret: tenant.clientSecret,
    staffTenant: true,
  });
  const other = createTestTenant(server.emulator);
  const northwind = await server.api('POST', '/api/connections', {
    name: 'Northwind',
    tenant: other.domain,
    clientId: other.clientId,
    clientSecret: other.clientSecret,
  });
  await updateConnection(server.db, server.box, northwind.id, {
    status: 'failing',
    lastError:
      'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent is the client secret value.',
    nextRetryAt: new Date(Date.now() + 95_000),
  });
  await server.api('PUT', '/api/employee-defaults', {
    department: 'Service Desk',
    location: 'HQ',
    timeZone: 'Europe/London',
    securityRole: 'Technician',
    modules: ['tickets'],
  });
  const account = await server.api('POST', '/api/accounts', { name: 'Fabrikam Ltd' });
  const dir = tenantDirectory(server.emulator, tenant);
  const staff = dir.group('Staff');
  const customers = dir.group('Customers');
  await server.api('POST', `/api/connections/${contoso.id}/rules`, {
    groupId: staff,
    order: 1,
    target: 'employee',
    securityRole: 'Technician',
    modules: ['tickets', 'time'],
  });
  const ada = dir.person('ada.lovelace', [staff], { givenName: 'Ada', surname: 'Lovelace' });
  const grace = dir.person('grace.hopper', [staff], { givenName: 'Grace', surname: 'Hopper' });
  const alan = dir.person('alan.turing', [customers], { givenName: 'Alan', surname: 'Turing' });
  for (const person of [ada, grace]) await dir.sync(server.db, contoso.id, person.id);
  await server.api('POST', '/api/contacts', {
    accountId: account.id,
    firstName: 'Margaret',
    lastName: 'Hamilton',
    email: 'margaret.hamilton@fabrikam.example',
  });
  return { contoso, northwind, account, staff, customers, ada, grace, alan };
}

/** Dead letters the dead-letters page lists: Graph refused these users for good. */
export const makeDeadLetters = (server: ConsoleServer, connectionId: string, objectIds: string[]) =>
  deadLetters(server, objectIds, {
    connectionId,
    reason: 'Graph answered 400: Invalid object identifier (permanent)',
  });

/** S8: a connection whose disabled contacts are held for confirmation (through the real apply step). */
export async function heldConnection(server: ConsoleServer, name: string) {
  const tenant = createTestTenant(server.emulator);
  const connection = await server.api('POST', '/api/connections', {
    name,
    tenant: tenant.domain,
    clientId: tenant.clientId,
    clientSecret: tenant.clientSecret,
  });
  const seed = await seedHeldRemovals(server.db, connection.id, { synced: 5, disabled: 3 });
  return { id: connection.id as string, ...seed };
}

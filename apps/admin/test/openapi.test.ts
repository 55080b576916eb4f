import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { seedHeldRemovals } from '@entra-sync/db/testing';
import { makeDeadLetters, objectIds } from '@entra-sync/queues/testing';
import { contractRoutes } from './support/contract-routes';
import { tenantDirectory } from './support/directory';
import { startAdmin, type Admin, type ApiResponse } from './support/harness';

/** CONTRACT.md routes the second round adds and a later issue builds; this list only shrinks. */
const NOT_BUILT: Record<string, string> = {
  'POST /api/connections/{id}/users/{idOrUpn}/provision': 'issue 19',
  'POST /api/employees/{id}/unarchive': 'issue 19',
  'GET /api/destinations': 'issue 18',
  'POST /api/destinations': 'issue 18',
  'GET /api/destinations/{id}': 'issue 18',
  'PATCH /api/destinations/{id}': 'issue 18',
  'DELETE /api/destinations/{id}': 'issue 18',
  'POST /api/destinations/{id}/test': 'issue 18',
  'GET /api/outbox': 'issue 18',
  'GET /api/alerts': 'issue 18',
  'PUT /api/alerts': 'issue 18',
};

type Json = Record<string, unknown>;
interface Operation {
  parameters: Array<{ name: string; in: string; required: boolean }>;
  responses: Record<string, { content?: Record<string, { schema: Json }> }>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json>; securitySchemes: Json };
  security: unknown[];
}

const fastifyPath = (path: string) => path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');

describe('GET /api/openapi.json: the admin API described by its own schemas (OpenAPI 3.1)', () => {
  let admin: Admin;
  let doc: Document;
  beforeAll(async () => {
    admin = await startAdmin();
    const res = await admin.api<Document>('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    doc = res.body;
  });
  afterAll(async () => {
    await admin?.close();
  });

  const operation = (method: string, path: string) => doc.paths[path]?.[method.toLowerCase()];

  it('needs the admin token like every /api route (A9)', async () => {
    const res = await admin.api('GET', '/api/openapi.json', undefined, { token: null });
    expect(res.status).toBe(401);
    expect(res.contentType).toMatch(/^application\/problem\+json/);
  });

  it('names every CONTRACT.md route, except the listed ones a later issue builds', () => {
    const routes = contractRoutes();
    expect(routes.length).toBeGreaterThan(40);
    const missing = routes
      .map((r) => `${r.method} ${r.path}`)
      .filter((key) => !(key in NOT_BUILT))
      .filter((key) => {
        const [method = '', path = ''] = key.split(' ');
        return !operation(method, path);
      });
    expect(missing).toEqual([]);
    // the exceptions are CONTRACT routes, not typos that would silently exempt nothing
    const contract = new Set(routes.map((r) => `${r.method} ${r.path}`));
    expect(Object.keys(NOT_BUILT).filter((key) => !contract.has(key))).toEqual([]);
  });

  it('a route listed as not built yet is neither registered nor documented (the list only shrinks)', () => {
    const built = Object.keys(NOT_BUILT).filter((key) => {
      const [method = '', path = ''] = key.split(' ');
      return (
        admin.app.hasRoute({ method: method as 'GET', url: fastifyPath(path) }) || operation(method, path)
      );
    });
    expect(built).toEqual([]);
  });

  it('documents every /api route Fastify registered, each with its success response declared', () => {
    const api = admin.routes.filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD');
    expect(api.length).toBeGreaterThan(30);
    const undocumented = api.filter((r) => {
      const op = operation(r.method, r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}'));
      const success = Object.entries(op?.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
      return success.length === 0 || success.some(([status, res]) => status !== '204' && !res.content);
    });
    expect(undocumented).toEqual([]);
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${fastifyPath(path)}`),
    );
    expect(documented.sort()).toEqual(api.map((r) => `${r.method} ${r.url}`).sort());
  });

  it('is structurally OpenAPI 3.1: version, bearer security, path parameters declared, every $ref resolves', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.components.securitySchemes).toEqual({
      adminToken: expect.objectContaining({ scheme: 'bearer' }),
    });
    expect(doc.security).toEqual([{ adminToken: [] }]);
    for (const [path, ops] of Object.entries(doc.paths)) {
      const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const op of Object.values(ops)) {
        expect(op.parameters.filter((p) => p.in === 'path').map((p) => p.name)).toEqual(names);
        expect(op.responses.default?.content?.['application/problem+json']).toBeDefined();
      }
    }
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of new Set(refs)) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas[ref.slice('#/components/schemas/'.length)]).toBeDefined();
    }
    // and the schemas compile as JSON Schema 2020-12 (OpenAPI 3.1's dialect)
    expect(() => validator(doc)).not.toThrow();
  });

  it('real answers of every documented operation validate against their declared schemas (no undeclared field)', async () => {
    const check = conformance(admin, doc);
    const tenant = admin.tenant();
    const people = tenantDirectory(admin.emulator, tenant);
    const staff = people.group('Staff');
    const ada = people.person(`ada-${Date.now()}`, [staff], { givenName: 'Ada', surname: 'Lovelace' });

    const connection = await check('POST', '/api/connections', {}, 201, {
      name: 'Contract',
      tenant: tenant.domain,
      clientId: tenant.clientId,
      clientSecret: tenant.clientSecret,
      staffTenant: true,
    });
    const id = connection.body.id as string;
    await check('GET', '/api/connections', {}, 200);
    await check('GET', '/api/connections/{id}', { id }, 200);
    await check('PATCH', '/api/connections/{id}', { id }, 200, { name: 'Contract (renamed)' });
    await check('POST', '/api/connections/{id}/test', { id }, 200);
    const delegated = await check('POST', '/api/connections/delegated', {}, 201, {
      name: 'Delegated',
      tenant: tenant.domain,
      clientId: tenant.clientId,
      clientSecret: tenant.clientSecret,
    });
    await check('GET', '/api/connections/{id}/consent', { id: delegated.body.id }, 200);

    const account = await check('POST', '/api/accounts', {}, 201, { name: 'Northwind' });
    const rule = await check('POST', '/api/connections/{id}/rules', { id }, 201, {
      groupId: staff,
      order: 1,
      target: 'employee',
      securityRole: 'Technician',
      modules: ['tickets'],
    });
    await check('GET', '/api/connections/{id}/rules', { id }, 200);
    await check('GET', '/api/rules/{id}', { id: rule.body.id }, 200);
    await check('PATCH', '/api/rules/{id}', { id: rule.body.id }, 200, { order: 2 });
    await people.sync(admin.db, id, ada.id);
    // Ada, synced as an employee, would become a portal contact: archive, create, access (D7)
    const preview = await check('POST', '/api/connections/{id}/rules/preview', { id }, 200, {
      rules: [
        { groupId: staff, order: 1, target: 'contact', accountId: account.body.id, portalAccess: true },
      ],
    });
    expect(preview.body.users.length).toBe(1);
    const sync = await check('POST', '/api/connections/{id}/sync', { id }, 202);
    await check('GET', '/api/sync-runs/{runId}', { runId: sync.body.runId }, 200);
    await check('GET', '/api/explain', {}, 200, undefined, { email: ada.email });

    await check('GET', '/api/accounts', {}, 200);
    await check('GET', '/api/accounts/{id}', { id: account.body.id }, 200);
    const contact = await check('POST', '/api/contacts', {}, 201, {
      accountId: account.body.id,
      firstName: 'Cody',
      email: 'cody@northwind.example',
      username: `cody-${Date.now()}`,
    });
    await check('GET', '/api/contacts', {}, 200, undefined, { email: 'cody@northwind.example' });
    await check('GET', '/api/contacts/{id}', { id: contact.body.id }, 200);
    await check('PATCH', '/api/contacts/{id}', { id: contact.body.id }, 200, { jobTitle: 'Buyer' });
    const employee = await check('POST', '/api/employees', {}, 201, { firstName: 'Erin', lastName: 'Staff' });
    await check('GET', '/api/employees', {}, 200);
    await check('GET', '/api/employees/{id}', { id: employee.body.id }, 200);
    await check('PATCH', '/api/employees/{id}', { id: employee.body.id }, 200, { department: 'Service' });
    await check('GET', '/api/logins', {}, 200, undefined, { username: contact.body.username });
    await check('GET', '/api/audit', {}, 200);
    await check('GET', '/api/operator-audit', {}, 200);
    await check('GET', '/api/employee-defaults', {}, 200);
    await check('PUT', '/api/employee-defaults', {}, 200, {
      department: 'Service Desk',
      modules: ['tickets'],
    });

    await check('GET', '/api/queues', {}, 200);
    await check('GET', '/api/queues/history', {}, 200);
    const [deadLetter, other] = await makeDeadLetters(admin, objectIds(2));
    await check('GET', '/api/dead-letters', {}, 200);
    await check('POST', '/api/dead-letters/{id}/retry', { id: deadLetter }, 200);
    await check('DELETE', '/api/dead-letters/{id}', { id: other }, 204);
    await check('POST', '/api/dead-letters/retry', {}, 200);
    const held = async () => {
      const { id: heldOn } = await admin.connection();
      await seedHeldRemovals(admin.db, heldOn, { synced: 5, disabled: 3 });
      const list = await check('GET', '/api/confirmations', {}, 200, undefined, { connectionId: heldOn });
      return list.body.items[0].id as string;
    };
    await check('POST', '/api/confirmations/{id}/approve', { id: await held() }, 200, { count: 2 });
    await check('POST', '/api/confirmations/{id}/reject', { id: await held() }, 200, { count: 2 });
    await check('POST', '/api/console/session', {}, 200);
    await check('DELETE', '/api/console/session', {}, 204);
    await check('GET', '/api/session', {}, 200);
    await check('GET', '/api/openapi.json', {}, 200);
    await check('DELETE', '/api/rules/{id}', { id: rule.body.id }, 200);
    await check('DELETE', '/api/connections/{id}', { id: delegated.body.id }, 204);

    const everyOperation = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(everyOperation.filter((op) => !check.seen.has(op))).toEqual([]);
  });
});

/** Ajv over the document's schemas, every object closed: a field the server sends must be declared. */
function validator(doc: Document) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'urn:entra-sync:openapi', components: { schemas: closed(doc.components.schemas) } });
  return (schema: Json) =>
    ajv.compile(
      JSON.parse(
        JSON.stringify(closed(schema)).replaceAll('"#/components/', '"urn:entra-sync:openapi#/components/'),
      ),
    );
}

function closed<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(closed) as T;
  if (schema === null || typeof schema !== 'object') return schema;
  const out = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, closed(v)])) as Json;
  if (out.type === 'object' && out.properties && out.additionalProperties === undefined)
    out.additionalProperties = false;
  return out as T;
}

/** Calls an operation, expects the status, validates the body against what the document declares for it. */
function conformance(admin: Admin, doc: Document) {
  const compile = validator(doc);
  const seen = new Set<string>();
  const check = async (
    method: string,
    template: string,
    params: Record<string, unknown>,
    status: number,
    body?: unknown,
    query: Record<string, string> = {},
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ): Promise<ApiResponse<any>> => {
    const path = template.replace(/\{([^}]+)\}/g, (_, name: string) =>
      encodeURIComponent(String(params[name])),
    );
    const search = new URLSearchParams(query).toString();
    const res = await admin.api(method, `${path}${search ? `?${search}` : ''}`, body);
    expect({ op: `${method} ${template}`, status: res.status, body: res.body }).toMatchObject({ status });
    const declared = doc.paths[template]?.[method.toLowerCase()]?.responses[String(status)];
    expect(declared).toBeDefined();
    const schema = declared?.content?.['application/json']?.schema;
    if (schema) {
      const validate = compile(schema);
      expect({ op: `${method} ${template}`, errors: validate(res.body) ? null : validate.errors }).toEqual({
        op: `${method} ${template}`,
        errors: null,
      });
    } else expect(res.text).toBe('');
    seen.add(`${method} ${template}`);
    return res;
  };
  return Object.assign(check, { seen });
}

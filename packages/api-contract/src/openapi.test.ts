import { z } from 'zod';
import { Connection } from './connection.schema';
import { openApiDocument, openApiPath } from './openapi';
import { NoContent, page, pageFields, Timestamp } from './primitives';
import { EmployeeQuery } from './record.schema';

/** the document as plain JSON, read by path */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const Thing = z
  .object({ id: z.uuid(), at: Timestamp, note: z.string().nullable() })
  .meta({ id: 'TestThing' });

const doc = () =>
  openApiDocument(
    [
      {
        method: 'GET',
        url: '/api/things',
        schema: {
          summary: 'List',
          querystring: z.object({ q: z.string(), ...pageFields }),
          response: { 200: page(Thing) },
        },
      },
      { method: 'HEAD', url: '/api/things', schema: {} },
      {
        method: 'POST',
        url: '/api/things/:id/parts/:partId',
        schema: { body: z.strictObject({ name: z.string() }), response: { 201: Thing } },
      },
      { method: 'DELETE', url: '/api/things/:id', schema: { response: { 204: NoContent } } },
      { method: 'GET', url: '/api/employees', schema: { querystring: EmployeeQuery } },
    ],
    { title: 't', version: '1' },
  );

describe('OpenAPI 3.1 from the contract schemas', () => {
  it('writes Fastify paths as OpenAPI templates', () => {
    expect(openApiPath('/api/connections/:id/users/:idOrUpn/provision')).toBe(
      '/api/connections/{id}/users/{idOrUpn}/provision',
    );
  });

  it('declares path and query parameters, the body, the answers and a problem for every error', () => {
    const d = doc();
    expect(d.openapi).toBe('3.1.0');
    const list = d.paths['/api/things']?.get as Record<string, unknown>;
    expect(d.paths['/api/things']).not.toHaveProperty('head');
    expect(list.parameters).toEqual([
      { name: 'q', in: 'query', required: true, schema: { type: 'string' } },
      {
        name: 'limit',
        in: 'query',
        required: false,
        schema: expect.objectContaining({ type: 'integer', default: 50 }),
      },
      { name: 'cursor', in: 'query', required: false, schema: { type: 'string', maxLength: 200 } },
    ]);
    const post = d.paths['/api/things/{id}/parts/{partId}']?.post as Json;
    expect(post.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual([
      'path:id',
      'path:partId',
    ]);
    expect(post.requestBody.content['application/json'].schema).toEqual({
      type: 'object',
      properties: { name: { type: 'string' } },
      required: ['name'],
      additionalProperties: false,
    });
    expect(post.responses['201'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/TestThing',
    });
    expect(post.responses.default.content['application/problem+json'].schema).toEqual({
      $ref: '#/components/schemas/Problem',
    });
    expect((d.paths['/api/things/{id}']?.delete as Json).responses['204']).toEqual({
      description: 'No content',
    });
  });

  it('shares schemas with an id under components: dates are ISO strings on the wire, a uuid is a format', () => {
    const thing = doc().components.schemas.TestThing as Json;
    expect(thing.properties).toEqual({
      id: { type: 'string', format: 'uuid' },
      at: { type: 'string', format: 'date-time' },
      note: { type: ['string', 'null'] },
    });
  });

  it('leaves out a query field accepted only to be refused (employees have no accountId)', () => {
    const list = doc().paths['/api/employees']?.get as { parameters: Array<{ name: string }> };
    expect(list.parameters.map((p) => p.name)).not.toContain('accountId');
    expect(list.parameters.map((p) => p.name)).toContain('status');
  });

  it("the server's JSON of a value (JSON.stringify) is the schema's wire form and decodes back to it", () => {
    const value: z.output<typeof Connection> = {
      id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      name: 'Contoso',
      tenant: 'contoso.example',
      tenantId: null,
      clientId: 'app',
      status: 'failing',
      staffTenant: false,
      lastError: 'AADSTS7000215',
      lastSyncAt: null,
      nextRetryAt: new Date('2026-01-02T03:04:05.678Z'),
      createdAt: new Date('2026-01-01T00:00:00.000Z'),
      updatedAt: new Date('2026-01-01T00:00:00.000Z'),
    };
    const wire: z.input<typeof Connection> = JSON.parse(JSON.stringify(value));
    expect(wire.nextRetryAt).toBe('2026-01-02T03:04:05.678Z');
    expect(z.encode(Connection, value)).toEqual(wire);
    expect(Connection.parse(wire)).toEqual(value);
  });
});

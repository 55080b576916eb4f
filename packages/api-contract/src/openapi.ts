import { z } from 'zod';
import { Problem } from './problem.schema';
import { NoContent } from './primitives';

type JsonSchema = Record<string, unknown>;

/** What a route declares (Fastify's `schema` option): the request and response schemas of this module. */
export interface RouteSchema {
  summary?: string;
  description?: string;
  querystring?: z.ZodObject;
  body?: z.ZodType;
  response?: Partial<Record<number, z.ZodType>>;
}

export interface DocumentedRoute {
  method: string;
  /** Fastify's form, `/api/connections/:id` */
  url: string;
  schema?: RouteSchema;
}

/** The parts of an OpenAPI 3.1 document the API's own answer promises (GET /api/openapi.json). */
export const OpenApiDocument = z.looseObject({
  openapi: z.string().regex(/^3\.1\.\d+$/),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z.looseObject({ schemas: z.record(z.string(), z.unknown()) }),
});
export type OpenApiDocument = z.input<typeof OpenApiDocument>;

const SCHEMAS = '#/components/schemas/';
const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** `/api/connections/:id` → `/api/connections/{id}` */
export const openApiPath = (url: string): string => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/**
 * OpenAPI 3.1 from the routes as registered: every schema converted by zod's own `toJSONSchema` (the input side,
 * i.e. the JSON on the wire), schemas with a `meta({ id })` shared under `components.schemas`. Errors are
 * problem+json for every operation (the `default` response).
 */
export function openApiDocument(
  routes: readonly DocumentedRoute[],
  info: { title: string; version: string; description?: string },
): OpenApiDocument {
  const components: Record<string, JsonSchema> = {};
  const convert = (schema: z.ZodType) => toJsonSchema(schema, components);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const method = route.method.toLowerCase();
    if (!METHODS.has(method) || method === 'head') continue;
    const path = openApiPath(route.url);
    const operations = (paths[path] ??= {});
    operations[method] = operation(route, convert);
  }
  convert(Problem);
  return {
    openapi: '3.1.0',
    info,
    security: [{ adminToken: [] }],
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    components: {
      schemas: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: {
        adminToken: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer $ADMIN_TOKEN' },
      },
    },
  };
}

function operation(route: DocumentedRoute, convert: (schema: z.ZodType) => JsonSchema) {
  const { schema = {} } = route;
  const pathParameters = [...route.url.matchAll(/:([A-Za-z0-9_]+)/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(schema.response ?? {})) {
    if (!response) continue;
    responses[status] =
      response === NoContent
        ? { description: 'No content' }
        : {
            description: describe(response) ?? 'OK',
            content: { 'application/json': { schema: convert(response) } },
          };
  }
  responses.default = {
    description: 'A problem (RFC 9457)',
    content: { 'application/problem+json': { schema: { $ref: `${SCHEMAS}Problem` } } },
  };
  return {
    ...(schema.summary ? { summary: schema.summary } : {}),
    ...(schema.description ? { description: schema.description } : {}),
    parameters: [...pathParameters, ...queryParameters(schema.querystring, convert)],
    ...(schema.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: convert(schema.body) } } } }
      : {}),
    responses,
  };
}

function queryParameters(query: z.ZodObject | undefined, convert: (schema: z.ZodType) => JsonSchema) {
  if (!query) return [];
  const json = convert(query) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {})
    .filter(([, schema]) => Object.keys(schema).length > 0) // z.undefined(): accepted only to be refused
    .map(([name, schema]) => {
      const { description, ...rest } = schema;
      return {
        name,
        in: 'query',
        required: json.required?.includes(name) ?? false,
        ...(typeof description === 'string' ? { description } : {}),
        schema: rest,
      };
    });
}

const describe = (schema: z.ZodType): string | undefined => z.globalRegistry.get(schema)?.description;

/** zod → JSON Schema 2020-12 (OpenAPI 3.1's dialect); `$defs` move to the document's components. */
function toJsonSchema(schema: z.ZodType, components: Record<string, JsonSchema>): JsonSchema {
  const {
    $schema: _dialect,
    $defs,
    ...root
  } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
    override: ({ jsonSchema }) => {
      // zod writes the regex of a format beside it; the format says the same, readably
      if (typeof jsonSchema.format === 'string') delete jsonSchema.pattern;
    },
  }) as JsonSchema & { $defs?: Record<string, JsonSchema> };
  for (const [id, def] of Object.entries($defs ?? {})) components[id] = relink(def);
  return relink(root);
}

const relink = (schema: JsonSchema): JsonSchema =>
  JSON.parse(JSON.stringify(schema).replaceAll('"#/$defs/', `"${SCHEMAS}`)) as JsonSchema;

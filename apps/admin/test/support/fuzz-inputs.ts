import fc from 'fast-check';

type Json = Record<string, unknown>;

/** One operation of the admin API as its OpenAPI document describes it: what the fuzzer aims at. */
export interface FuzzOperation {
  method: string;
  /** OpenAPI form, `/api/connections/{id}` */
  path: string;
  pathParams: string[];
  queryParams: string[];
  /** property names of the JSON body (every branch of a union), empty when it takes none */
  bodyFields: string[];
}

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** The operations of `GET /api/openapi.json`, so a route added tomorrow is fuzzed without touching this file. */
export function operationsOf(doc: {
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json> };
}): FuzzOperation[] {
  const resolve = (schema: Json | undefined): Json | undefined => {
    const ref = schema?.$ref;
    return typeof ref === 'string' ? doc.components.schemas[ref.split('/').pop() ?? ''] : schema;
  };
  const fieldsOf = (schema: Json | undefined, depth = 0): string[] => {
    const s = resolve(schema);
    if (!s || depth > 3) return [];
    const own = Object.keys((s.properties as Json | undefined) ?? {});
    const branches = [
      ...((s.anyOf as Json[]) ?? []),
      ...((s.oneOf as Json[]) ?? []),
      ...((s.allOf as Json[]) ?? []),
    ];
    return [...new Set([...own, ...branches.flatMap((b) => fieldsOf(b, depth + 1))])];
  };
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const parameters = (op.parameters as Array<{ name: string; in: string }> | undefined) ?? [];
      const body = (op.requestBody as { content?: Record<string, { schema?: Json }> } | undefined)?.content?.[
        'application/json'
      ]?.schema;
      return {
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        bodyFields: fieldsOf(body),
      };
    }),
  );
}

// Values a handler may not expect: wrong types, edges, injections, unicode, long text.
const nasty = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    'NaN',
    'null',
    'true',
    '00000000-0000-0000-0000-000000000000',
    '../../etc/passwd',
    "'; drop table accounts; --",
    '%00',
    '\u0000',
    '\ud800',
    '🙂',
    '<script>alert(1)</script>',
    '9'.repeat(40),
  ),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ maxLength: 3000 }),
  fc.uuid().map(String),
);
const anyJson = fc.oneof(
  { depthSize: 'small' },
  fc.jsonValue({ maxDepth: 4 }),
  nasty,
  fc.integer(),
  fc.double(),
  fc.constant(null),
  fc.array(nasty, { maxLength: 5 }),
);

/** A body for an operation: its own field names with hostile values, random JSON, or bytes that are not JSON. */
function bodyFor(op: FuzzOperation): fc.Arbitrary<{ text: string; type: string } | undefined> {
  const known = op.bodyFields.length
    ? fc.dictionary(fc.constantFrom(...op.bodyFields), anyJson, { maxKeys: op.bodyFields.length + 1 })
    : fc.constant({});
  const json = (value: fc.Arbitrary<unknown>) =>
    value.map((v) => ({ text: JSON.stringify(v) ?? 'null', type: 'application/json' }));
  return fc.oneof(
    json(known),
    json(
      fc
        .tuple(known, fc.dictionary(fc.string({ maxLength: 12 }), anyJson, { maxKeys: 3 }))
        .map(([a, b]) => ({ ...b, ...a })),
    ),
    json(anyJson),
    fc.string({ maxLength: 200 }).map((text) => ({ text, type: 'application/json' })),
    fc
      .constantFrom('{"a":', '[', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}')
      .map((text) => ({
        text,
        type: 'application/json',
      })),
    fc
      .tuple(
        fc.string({ maxLength: 100 }),
        fc.constantFrom(
          'text/plain',
          'application/xml',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
        ),
      )
      .map(([text, type]) => ({ text, type })),
    fc.constant(undefined),
  );
}

/** One hostile request for one of the operations, with the admin token (auth is walked elsewhere). */
export function requestArbitrary(operations: FuzzOperation[], token: string): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(...operations).chain((op) =>
    fc
      .record({
        params: fc.tuple(...op.pathParams.map(() => nasty), fc.constant('')),
        query: fc.dictionary(
          op.queryParams.length
            ? fc.oneof(fc.constantFrom(...op.queryParams), fc.string({ maxLength: 10 }))
            : fc.string({ maxLength: 10 }),
          fc.oneof(nasty, fc.array(nasty, { maxLength: 3 })),
          { maxKeys: 4 },
        ),
        body: op.method === 'GET' ? fc.constant(undefined) : bodyFor(op),
      })
      .map(({ params, query, body }) => {
        let i = 0;
        const path = op.path.replace(/\{[^}]+\}/g, () => encodePath(params[i++] || 'x'));
        const search = new URLSearchParams();
        for (const [key, value] of Object.entries(query))
          for (const v of [value].flat()) search.append(key, String(v));
        const qs = search.toString();
        return {
          method: op.method,
          url: `${path}${qs ? `?${qs}` : ''}`,
          headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': body.type } : {}) },
          ...(body ? { body: body.text } : {}),
        };
      }),
  );
}

/** encodeURIComponent, except that a lone surrogate (which it refuses) goes as UTF-8's replacement bytes */
function encodePath(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...Buffer.from(value, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  }
}

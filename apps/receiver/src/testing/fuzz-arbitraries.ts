import fc from 'fast-check';

/** What the fuzzer knows of the one real tenant: enough to forge near misses, never the clientState. */
export interface FuzzTarget {
  subscriptionId: string;
  tenantId: string;
}

export interface FuzzCase {
  method: 'POST' | 'GET' | 'PUT' | 'DELETE' | 'PATCH';
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string;
}

const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
});
const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
);
const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);

/** an id field: the real one, a GUID, a near-GUID, or anything */
const idLike = (real: string) =>
  fc.oneof(
    fc.constant(real),
    fc.constant(real.toUpperCase()),
    fc.uuid(),
    fc.uuid().map((u) => `${u}x`),
    fc.uuid().map((u) => u.replace(/-/g, '')),
    anyText,
    fc.anything(),
  );

/** A notification whose every field is plausible or hostile; its clientState is never the real one. */
function notification(target: FuzzTarget) {
  return fc.record(
    {
      subscriptionId: idLike(target.subscriptionId),
      clientState: fc.oneof(anyText, fc.constant(null), fc.anything()),
      changeType: fc.oneof(fc.constantFrom('updated', 'deleted', 'created'), anyText),
      lifecycleEvent: fc.oneof(
        fc.constantFrom('reauthorizationRequired', 'missed', 'subscriptionRemoved'),
        anyText,
      ),
      resource: fc.oneof(
        fc.uuid().map((id) => `Users/${id}`),
        fc.uuid().map((id) => `Groups/${id}`),
        anyText,
      ),
      resourceData: fc.oneof(
        fc.record({
          id: fc.oneof(fc.uuid(), anyText),
          '@odata.type': fc.constantFrom('#Microsoft.Graph.User', '#Microsoft.Graph.Group'),
        }),
        fc.anything(),
      ),
      tenantId: idLike(target.tenantId),
      subscriptionExpirationDateTime: fc.oneof(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        anyText,
      ),
    },
    { requiredKeys: [] },
  );
}

/** Well-formed, so it reaches the subscription check: forged ids, or the real subscription with a guessed state. */
function plausible(target: FuzzTarget) {
  return fc.record({
    // a pool of forged ids repeats, as a flood would: most are answered by the miss cache
    subscriptionId: fc.oneof(
      fc.constant(target.subscriptionId),
      fc
        .integer({ min: 0, max: 255 })
        .map((i) => `0f0f0f0f-0000-4000-8000-${i.toString(16).padStart(12, '0')}`),
      fc.uuid({ version: 4 }),
    ),
    clientState: fc.oneof(fc.string({ minLength: 1 }), fc.base64String({ minLength: 4, maxLength: 64 })),
    changeType: fc.constantFrom('updated', 'deleted'),
    lifecycleEvent: fc.constantFrom('reauthorizationRequired', 'missed', 'subscriptionRemoved'),
    resource: fc.uuid().map((id) => `Users/${id}`),
    resourceData: fc.uuid().map((id) => ({ id, '@odata.type': '#Microsoft.Graph.User' })),
    tenantId: fc.oneof(fc.constant(target.tenantId), fc.uuid({ version: 4 })),
    subscriptionExpirationDateTime: fc.constant('2030-01-01T00:00:00.0000000Z'),
  });
}

function body(target: FuzzTarget): fc.Arbitrary<string> {
  const collection = fc.record({
    value: fc.oneof(fc.array(notification(target), { maxLength: 20 }), fc.anything()),
  });
  const forged = fc.record({ value: fc.array(plausible(target), { minLength: 1, maxLength: 10 }) });
  return fc.oneof(
    { weight: 4, arbitrary: forged.map((c) => JSON.stringify(c)) },
    { weight: 4, arbitrary: collection.map((c) => JSON.stringify(c)) },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: anyText },
    { weight: 1, arbitrary: collection.map((c) => JSON.stringify(c).slice(0, -3)) },
    { weight: 1, arbitrary: fc.constant('') },
  );
}

const query = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  { weight: 2, arbitrary: anyText.map((t) => `?validationToken=${encodeURIComponent(t)}`) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1000, max: 3000 }).map((n) => `?validationToken=${'t'.repeat(n)}`),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(printable, printable)
      .map(([a, b]) => `?validationToken=${encodeURIComponent(a)}&validationToken=${encodeURIComponent(b)}`),
  },
  { weight: 1, arbitrary: printable.map((t) => `?${t.replace(/[#\s]/g, '')}`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '?validationToken=%E0%A4%A',
      '?%zz=1',
      '?validationToken',
      '?a[b]=1&a[c][d]=2',
    ),
  },
);

const headers = fc
  .record(
    {
      'content-type': fc.oneof(
        {
          weight: 4,
          arbitrary: fc.constantFrom(
            'application/json',
            'application/json; charset=utf-8',
            'text/plain; charset=utf-8',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
            'application/json; charset=utf-16',
          ),
        },
        { weight: 1, arbitrary: printable },
      ),
      'content-encoding': fc.oneof(
        { weight: 6, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom('gzip', 'br', 'identity', 'x-garbage') },
      ),
      'x-forwarded-for': printable,
      'client-state': printable,
    },
    { requiredKeys: [] },
  )
  .chain((known) =>
    fc
      .dictionary(headerName, printable, { maxKeys: 3 })
      .map((extra) =>
        Object.fromEntries(
          Object.entries({ ...extra, ...known }).filter(
            (entry): entry is [string, string] => entry[1] !== undefined,
          ),
        ),
      ),
  );

export function fuzzCase(target: FuzzTarget): fc.Arbitrary<FuzzCase> {
  return fc.record({
    method: fc.oneof(
      { weight: 9, arbitrary: fc.constant('POST' as const) },
      {
        weight: 1,
        arbitrary: fc.constantFrom('GET' as const, 'PUT' as const, 'DELETE' as const, 'PATCH' as const),
      },
    ),
    path: fc.oneof(
      { weight: 9, arbitrary: fc.constantFrom('/graph/notifications', '/graph/lifecycle') },
      { weight: 1, arbitrary: printable.map((p) => `/graph/${encodeURIComponent(p)}`) },
    ),
    query,
    headers,
    body: body(target),
  });
}

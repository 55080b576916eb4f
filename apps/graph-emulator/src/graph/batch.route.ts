import { Agent, request as httpsRequest } from 'node:https';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest } from './graph-http';

/** Where the emulator itself listens, and the CA its certificate chains to (filled in once it listens). */
export interface SelfAddress {
  port: number;
  ca: string;
}

interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}

interface BatchResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

const MAX_REQUESTS = 20;
const METHODS = new Set(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']);
/** marks the loopback calls of a $batch's items, so the counters charge them as items, not as client requests */
export const BATCH_ITEM_HEADER = 'x-emulator-batch-item';
const KEPT_HEADERS = ['content-type', 'retry-after', 'location', 'cache-control'];

/**
 * JSON batching: up to 20 requests, each run through the full Graph pipeline (auth, faults, routes) with the
 * caller's token, independent ones concurrently, `dependsOn` chains in order (424 after a failed dependency).
 */
export function registerBatchRoute(app: FastifyInstance, self: SelfAddress): void {
  const agent = new Agent({ keepAlive: true, maxSockets: MAX_REQUESTS });
  app.addHook('onClose', async () => agent.destroy());
  app.post('/$batch', async (request) => {
    const items = validate(request.body);
    const results = new Map<string, Promise<BatchResponse>>();
    const run = (item: BatchItem): Promise<BatchResponse> => {
      const existing = results.get(item.id);
      if (existing) return existing;
      const promise = (async () => {
        for (const dep of item.dependsOn ?? []) {
          const depItem = items.find((i) => i.id === dep) as BatchItem;
          const depResult = await run(depItem);
          if (depResult.status >= 400) {
            return failedDependency(item.id);
          }
        }
        return execute(self, agent, request, item);
      })();
      results.set(item.id, promise);
      return promise;
    };
    const responses = await Promise.all(items.map(run));
    return { responses };
  });
}

function validate(body: unknown): BatchItem[] {
  const requests = (body as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests) || requests.length === 0)
    throw badRequest('Invalid batch payload format.', 'BadRequest');
  if (requests.length > MAX_REQUESTS)
    throw badRequest(
      `The number of requests in the batch exceeds the limit of ${MAX_REQUESTS}.`,
      'BadRequest',
    );
  const ids = new Set<string>();
  for (const raw of requests as BatchItem[]) {
    if (typeof raw?.id !== 'string' || raw.id === '' || ids.has(raw.id))
      throw badRequest('Every batch request needs a unique id.', 'BadRequest');
    ids.add(raw.id);
    if (typeof raw.method !== 'string' || !METHODS.has(raw.method.toUpperCase()))
      throw badRequest(`Invalid method '${String(raw.method)}' in batch request '${raw.id}'.`);
    if (typeof raw.url !== 'string' || /^[a-z]+:\/\//i.test(raw.url))
      throw badRequest(`Batch request '${raw.id}' needs a relative url.`);
    if (
      raw.body !== undefined &&
      !Object.keys(raw.headers ?? {}).some((h) => h.toLowerCase() === 'content-type')
    ) {
      throw badRequest(`Batch request '${raw.id}' has a body but no Content-Type header.`);
    }
    // dependencies must come earlier in the array, which also rules out cycles
    for (const dep of raw.dependsOn ?? []) {
      if (dep === raw.id || !ids.has(dep))
        throw badRequest(`Batch request '${raw.id}' depends on '${dep}', which is not an earlier request.`);
    }
  }
  return requests as BatchItem[];
}

/**
 * Each item goes back through the emulator over loopback HTTPS, so it meets the same auth, faults and routes as
 * a direct call (fastify's inject cannot load under jest's module system).
 */
async function execute(
  self: SelfAddress,
  agent: Agent,
  outer: FastifyRequest,
  item: BatchItem,
): Promise<BatchResponse> {
  const path = item.url.startsWith('/') ? item.url : `/${item.url}`;
  const payload = item.body !== undefined ? JSON.stringify(item.body) : undefined;
  const res = await new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    text: string;
  }>((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port: self.port,
        method: item.method.toUpperCase(),
        path: `/v1.0${path}`,
        ca: self.ca,
        agent,
        headers: {
          ...(item.headers ?? {}),
          [BATCH_ITEM_HEADER]: '1',
          host: outer.host,
          ...(outer.headers.authorization ? { authorization: outer.headers.authorization } : {}),
          ...(payload !== undefined ? { 'content-length': Buffer.byteLength(payload) } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 500,
            headers: response.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = res.headers[name];
    if (value !== undefined)
      headers[name === 'retry-after' ? 'Retry-After' : name === 'content-type' ? 'Content-Type' : name] =
        String(value);
  }
  let body: unknown;
  if (res.text) {
    try {
      body = JSON.parse(res.text);
    } catch {
      body = res.text;
    }
  }
  return { id: item.id, status: res.status, headers, ...(body !== undefined ? { body } : {}) };
}

function failedDependency(id: string): BatchResponse {
  return {
    id,
    status: 424,
    headers: { 'Content-Type': 'application/json' },
    body: { error: { code: 'FailedDependency', message: 'A request this request depends on failed.' } },
  };
}

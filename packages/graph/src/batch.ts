import type { GraphClient } from './graph-client';
import { GraphRequestError } from './graph-errors';
import { graphPost } from './graph-request';
import { outcomeOfStatus } from './request-counter';

/** Graph's JSON batching limit. */
export const MAX_BATCH_REQUESTS = 20;

export interface BatchRequest {
  id: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** relative to the version root, e.g. `/users/{id}?$select=id` */
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  dependsOn?: string[];
}

export interface BatchResponse {
  id: string;
  status: number;
  /** lower-cased names */
  headers: Record<string, string>;
  body: unknown;
}

/** One `$batch` round trip for up to 20 requests; each response keeps its own status (and Retry-After). */
export async function sendBatch(
  client: GraphClient,
  requests: readonly BatchRequest[],
): Promise<Map<string, BatchResponse>> {
  if (requests.length === 0) return new Map();
  if (requests.length > MAX_BATCH_REQUESTS)
    throw new RangeError(`A $batch holds at most ${MAX_BATCH_REQUESTS} requests, got ${requests.length}.`);
  const payload = {
    requests: requests.map((r) => ({
      id: r.id,
      method: r.method,
      url: r.url,
      ...(r.body !== undefined
        ? { body: r.body, headers: { 'Content-Type': 'application/json', ...r.headers } }
        : r.headers
          ? { headers: r.headers }
          : {}),
      ...(r.dependsOn ? { dependsOn: r.dependsOn } : {}),
    })),
  };
  const result = await graphPost<{
    responses?: Array<{ id: string; status: number; headers?: Record<string, string>; body?: unknown }>;
  }>(client, '/$batch', payload);
  const out = new Map<string, BatchResponse>();
  for (const response of result.responses ?? []) {
    const headers = Object.fromEntries(
      Object.entries(response.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
    );
    client.counter.add('batchItems', outcomeOfStatus(response.status));
    out.set(response.id, { id: response.id, status: response.status, headers, body: response.body ?? null });
  }
  for (const request of requests) {
    if (!out.has(request.id))
      throw new GraphRequestError(
        502,
        'batchResponseMissing',
        `The $batch answer has no response for request '${request.id}'.`,
      );
  }
  return out;
}

/** The body of a successful batch response, or the failure as a classifiable GraphRequestError. */
export function batchBody<T>(response: BatchResponse): T {
  if (response.status < 400) return response.body as T;
  const error = (response.body as { error?: { code?: string; message?: string } } | null)?.error;
  throw new GraphRequestError(
    response.status,
    error?.code ?? 'unknown',
    error?.message ?? `Batch request '${response.id}' failed with ${response.status}.`,
    response.headers,
  );
}

export function chunk<T>(items: readonly T[], size = MAX_BATCH_REQUESTS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

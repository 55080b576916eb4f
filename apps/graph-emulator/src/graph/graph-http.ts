import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorError } from '../state/emulator-error';

/** A Graph-shaped failure: `{ error: { code, message, innerError } }` with the given status. */
export class GraphHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'GraphHttpError';
  }
}

export function sendGraphError(reply: FastifyReply, err: GraphHttpError | EmulatorError): FastifyReply {
  const request = reply.request;
  if (err instanceof GraphHttpError)
    for (const [name, value] of Object.entries(err.headers)) reply.header(name, value);
  return reply
    .code(err.status)
    .header('content-type', 'application/json; charset=utf-8')
    .send({
      error: {
        code: err.code,
        message: err.message,
        innerError: {
          date: new Date().toISOString().replace(/\.\d+Z$/, ''),
          'request-id': request.id,
          'client-request-id': request.headers['client-request-id'] ?? request.id,
        },
      },
    });
}

export const badRequest = (message: string, code = 'BadRequest'): GraphHttpError =>
  new GraphHttpError(400, code, message);

/**
 * OData query options with lower-cased names (Graph accepts `$skipToken` and `$skiptoken`). Any `$` option the
 * route does not support is a 400, as Graph answers for options a resource does not support.
 */
export function queryOptions(request: FastifyRequest, supported: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const raw = request.query as Record<string, string | string[] | undefined>;
  for (const [key, value] of Object.entries(raw)) {
    const name = key.toLowerCase();
    const text = Array.isArray(value) ? value[value.length - 1] : value;
    if (!name.startsWith('$')) continue;
    if (!supported.includes(name)) {
      throw badRequest(
        `Query option '${key}' is not supported by this request (graph-emulator).`,
        'Request_UnsupportedQuery',
      );
    }
    out.set(name, text ?? '');
  }
  return out;
}

export function parseTop(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const top = Number(value);
  if (!Number.isInteger(top) || top < 1 || top > 999) {
    throw badRequest(
      `Invalid page size specified: '${value}'. Must be between 1 and 999 inclusive.`,
      'Request_BadRequest',
    );
  }
  return top;
}

export function parseSelect(
  value: string | undefined,
  typeName: string,
  known: readonly string[],
): string[] | null {
  if (value === undefined || value.trim() === '') return null;
  const fields = value
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  for (const field of fields) {
    if (!known.includes(field)) {
      throw badRequest(
        `Parsing OData Select and Expand failed: Could not find a property named '${field}' on type 'microsoft.graph.${typeName}'.`,
      );
    }
  }
  return fields;
}

export function graphBase(request: FastifyRequest): string {
  return `https://${request.host}/v1.0`;
}

/** Opaque page tokens: base64url JSON, so they survive the SDK's unencoded query building. */
export function encodeToken(payload: object): string {
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

export function decodeToken<T>(token: string): T | null {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as T;
  } catch {
    return null;
  }
}

export function nextLinkFor(
  request: FastifyRequest,
  path: string,
  params: Record<string, string | undefined>,
): string {
  const query = Object.entries(params)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  return `${graphBase(request)}/${path}${query ? `?${query}` : ''}`;
}

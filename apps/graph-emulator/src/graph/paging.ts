import type { FastifyRequest } from 'fastify';
import { badRequest, decodeToken, encodeToken, graphBase, nextLinkFor } from './graph-http';

/**
 * Offset paging for small computed lists (memberships): `$skiptoken` carries the offset; the nextLink repeats
 * the caller's `$select`/`$top` as Graph's do.
 */
export function offsetPage<T>(
  request: FastifyRequest,
  path: string,
  items: readonly T[],
  top: number,
  options: Map<string, string>,
): { value: T[]; nextLink: string | undefined } {
  const token = options.get('$skiptoken');
  const offset = token === undefined ? 0 : (decodeToken<{ o: number }>(token)?.o ?? -1);
  if (!Number.isInteger(offset) || offset < 0)
    throw badRequest('The $skiptoken is invalid or expired.', 'Request_BadRequest');
  const value = items.slice(offset, offset + top);
  const more = offset + top < items.length;
  const nextLink = more
    ? nextLinkFor(request, path, {
        $select: options.get('$select'),
        $top: options.get('$top'),
        $skiptoken: encodeToken({ o: offset + top }),
      })
    : undefined;
  return { value, nextLink };
}

/**
 * Keyset paging for the big ordered lists (`/users`, `/groups`): `$skiptoken` carries the last seq served, so a
 * page costs O(page) however deep it is; the nextLink repeats the caller's `$select`/`$top`.
 */
export function seqPage<T extends { seq: number }>(
  request: FastifyRequest,
  path: string,
  list: { page(afterSeq: number, limit: number): { items: T[]; more: boolean } },
  top: number,
  options: Map<string, string>,
): { value: T[]; nextLink: string | undefined } {
  const token = options.get('$skiptoken');
  const after = token === undefined ? 0 : decodeToken<{ a: number }>(token)?.a;
  if (after === undefined || !Number.isInteger(after))
    throw badRequest('The $skiptoken is invalid or expired.', 'Request_BadRequest');
  const page = list.page(after, top);
  const last = page.items[page.items.length - 1];
  const nextLink =
    page.more && last
      ? nextLinkFor(request, path, {
          $select: options.get('$select'),
          $top: options.get('$top'),
          $skiptoken: encodeToken({ a: last.seq }),
        })
      : undefined;
  return { value: page.items, nextLink };
}

export function collection(
  request: FastifyRequest,
  context: string,
  value: unknown[],
  nextLink?: string,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    '@odata.context': `${graphBase(request)}/$metadata#${context}`,
    value,
  };
  if (nextLink) body['@odata.nextLink'] = nextLink;
  return body;
}

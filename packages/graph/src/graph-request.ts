import type { GraphClient } from './graph-client';
import { UntrustedLinkError } from './graph-errors';

export interface Page<T> {
  items: T[];
  /** present while more pages follow */
  nextLink: string | null;
}

type Query = Record<string, string | number>;

/** GET a path (`/users/...`) or a link Graph handed back (must be on the configured Graph origin). */
export async function graphGet<T>(client: GraphClient, pathOrLink: string, query: Query = {}): Promise<T> {
  return (await send(client, pathOrLink, query, (request) => request.get())) as T;
}

export async function graphPost<T>(client: GraphClient, path: string, body: unknown): Promise<T> {
  return (await send(client, path, {}, (request) => request.post(body))) as T;
}

export async function graphPatch<T>(client: GraphClient, path: string, body: unknown): Promise<T> {
  return (await send(client, path, {}, (request) => request.patch(body))) as T;
}

export async function graphDelete(client: GraphClient, path: string): Promise<void> {
  await send(client, path, {}, (request) => request.delete());
}

/** Pages of a collection, fetched lazily: the next page is requested only when the caller asks for it. */
export async function* pagesOf<Raw, T>(
  client: GraphClient,
  path: string,
  query: Query,
  map: (raw: Raw) => T | null,
): AsyncGenerator<Page<T>> {
  let link: string | null = null;
  let first = true;
  while (first || link) {
    const body: { value?: Raw[]; '@odata.nextLink'?: string } = first
      ? await graphGet(client, path, query)
      : await graphGet(client, link as string);
    first = false;
    link = body['@odata.nextLink'] ?? null;
    yield { items: (body.value ?? []).flatMap((raw) => map(raw) ?? []), nextLink: link };
  }
}

/** Every item of a collection (for small lists such as a user's groups). */
export async function allOf<Raw, T>(
  client: GraphClient,
  path: string,
  query: Query,
  map: (raw: Raw) => T | null,
): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pagesOf(client, path, query, map)) out.push(...page.items);
  return out;
}

export function assertGraphLink(client: GraphClient, link: string): void {
  const origin = client.endpoints.graphEndpoint;
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new UntrustedLinkError(link, origin);
  }
  if (url.origin !== origin) throw new UntrustedLinkError(link, origin);
}

type SdkRequest = ReturnType<GraphClient['sdk']['api']>;

async function send(
  client: GraphClient,
  pathOrLink: string,
  query: Query,
  call: (request: SdkRequest) => Promise<unknown>,
): Promise<unknown> {
  if (/^https?:\/\//i.test(pathOrLink)) assertGraphLink(client, pathOrLink);
  let request = client.sdk.api(pathOrLink);
  if (Object.keys(query).length > 0)
    request = request.query(Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])));
  try {
    return await call(request);
  } catch (err) {
    // a rejected token (revoked, expired early) must not be reused on the caller's retry
    if ((err as { statusCode?: number }).statusCode === 401) client.tokens.invalidate();
    throw err;
  }
}

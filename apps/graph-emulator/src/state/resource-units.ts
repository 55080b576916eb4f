// Microsoft's cost model for identity reads and writes ("Identity and access service limits" in
// learn.microsoft.com/graph/throttling-limits): a base cost per path, $select −1, $expand +1, $top < 20 −1,
// never below 1. The emulator adds it up so a benchmark shows what a real tenant would charge.

const BASE_COSTS: ReadonlyArray<{ method: string; path: RegExp; cost: number }> = [
  { method: 'GET', path: /^\/users\/?$/i, cost: 2 },
  { method: 'GET', path: /^\/users\/delta\/?$/i, cost: 1 },
  { method: 'GET', path: /^\/groups\/[^/]+\/members(\/.*)?$/i, cost: 3 },
  { method: 'GET', path: /^\/groups\/[^/]+\/transitiveMembers(\/.*)?$/i, cost: 5 },
  { method: 'GET', path: /^\/users\/[^/]+\/(memberOf|transitiveMemberOf)(\/.*)?$/i, cost: 2 },
  { method: 'POST', path: /^\/users\/[^/]+\/(getMemberGroups|getMemberObjects)$/i, cost: 2 },
  { method: 'POST', path: /^\/(directoryObjects\/)?getByIds$/i, cost: 3 },
];

/** Resource units of one Graph request; `path` is relative to the version segment (`/users`, `/groups/x/members`). */
export function resourceUnits(method: string, path: string, query: URLSearchParams): number {
  const verb = method.toUpperCase();
  const base = BASE_COSTS.find((entry) => entry.method === verb && entry.path.test(path))?.cost ?? 1;
  let cost = base;
  if (query.has('$select')) cost -= 1;
  if (query.has('$expand')) cost += 1;
  const top = Number(query.get('$top'));
  if (query.has('$top') && Number.isFinite(top) && top < 20) cost -= 1;
  return Math.max(1, cost);
}

/** Splits a request URL into the Graph path (after /v1.0) and its query; null when it is not a Graph call. */
export function graphPathOf(url: string): { path: string; query: URLSearchParams } | null {
  const parsed = new URL(url, 'https://graph.invalid');
  const match = /^\/(v1\.0|beta)(\/.*)$/i.exec(parsed.pathname);
  if (!match) return null;
  return { path: match[2] as string, query: parsed.searchParams };
}

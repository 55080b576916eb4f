/**
 * The admin server's routes that answer without the admin token or a console session (X5), and why each may.
 * Everything else answers 401 problem+json without credentials; a test walks every registered route to prove it.
 * An entry ending in `*` covers a path prefix (the console's static files).
 */
export const PUBLIC_ROUTES: Record<string, string> = {
  'GET /healthz': 'liveness probe; says nothing but ok',
  'GET /readyz': 'readiness of Redis and Postgres (up, down, an eviction policy); no names, no secrets',
  'GET /metrics': 'process and queue figures for a scraper on the private network; no names, no secrets',
  'GET /': 'redirect to the console',
  'GET /console': 'redirect to the console',
  'GET /console/*':
    "the console's static shell and bundle; every datum it shows comes from /api with the token",
  'GET /auth/providers': 'which sign-ins the console offers (K5); no secrets',
  'GET /auth/login': "starts the Entra sign-in: a redirect to the MSP tenant's login with PKCE (K5)",
  'GET /auth/callback':
    "Entra's redirect after sign-in; checked against the signed transaction, nonce and group (K5)",
  'GET /oauth/callback':
    "Entra's redirect after admin consent; authenticated by its signed, expiring state (S7.2)",
};

export function isPublicRoute(method: string, url: string): boolean {
  const key = `${method} ${url}`;
  if (key in PUBLIC_ROUTES) return true;
  return Object.keys(PUBLIC_ROUTES).some(
    (entry) => entry.endsWith('*') && key.startsWith(entry.slice(0, -1)),
  );
}

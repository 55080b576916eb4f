import { usageError } from './exit-codes';

export interface ApiConfig {
  /** the server root, e.g. `http://127.0.0.1:3000` (requests go to `<baseUrl>/api/...`) */
  baseUrl: string;
  token: string | null;
}

/** `--url` / `ENTRA_SYNC_URL` (default `http://127.0.0.1:$PORT`, PORT 3000) and `--token` / `ADMIN_TOKEN`. */
export function apiConfig(
  flags: { url?: string | undefined; token?: string | undefined },
  env: Record<string, string | undefined>,
): ApiConfig {
  const source = flags.url !== undefined ? '--url' : nonEmpty(env.ENTRA_SYNC_URL) ? 'ENTRA_SYNC_URL' : null;
  const raw = flags.url ?? nonEmpty(env.ENTRA_SYNC_URL) ?? `http://127.0.0.1:${port(env.PORT)}`;
  if (!URL.canParse(raw) || !/^https?:$/.test(new URL(raw).protocol))
    throw usageError(`${source ?? 'the API URL'} must be an http(s) URL, got '${raw}'`);
  const url = new URL(raw);
  // the server root: a trailing /api (a common paste) would double the prefix
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api$/, '');
  return {
    baseUrl: `${url.origin}${path}`,
    token: nonEmpty(flags.token) ?? nonEmpty(env.ADMIN_TOKEN) ?? null,
  };
}

function port(value: string | undefined): number {
  if (!nonEmpty(value)) return 3000;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw usageError(`PORT must be a port number, got '${value}'`);
  return n;
}

const nonEmpty = (value: string | undefined): string | undefined =>
  value !== undefined && value.trim() !== '' ? value.trim() : undefined;

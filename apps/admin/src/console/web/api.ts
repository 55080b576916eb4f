/// <reference lib="dom" />
import type { Page, Problem, SessionInfo, SignInProviders } from '@entra-sync/api-contract';

export type { Page, Problem };

const TOKEN_KEY = 'entra-sync.admin-token';

/** The admin token lives in this tab's sessionStorage only: never in a URL, a cookie or localStorage. */
export const adminToken = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (value: string): void => sessionStorage.setItem(TOKEN_KEY, value),
  clear: (): void => sessionStorage.removeItem(TOKEN_KEY),
};

/**
 * K7: the console's cookie session (after an Entra sign-in, or a token sign-in in another tab). Asked once at
 * load without a token; null when there is none.
 */
export async function cookieSession(): Promise<SessionInfo | null> {
  const res = await fetch('/api/session', { credentials: 'same-origin', cache: 'no-store' });
  return res.ok ? ((await res.json()) as SessionInfo) : null;
}

/** K5: whether the server offers "Sign in with Microsoft" (public). */
export async function signInProviders(): Promise<SignInProviders> {
  const res = await fetch('/auth/providers', { cache: 'no-store' });
  return res.ok ? ((await res.json()) as SignInProviders) : { entra: null };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem?.detail ?? `The server answered ${status}.`);
    this.name = 'ApiError';
  }
}

let onUnauthorized: () => void = () => {};
/** What to do when the token stops working (rotated ADMIN_TOKEN): back to the sign-in page. */
export const whenUnauthorized = (handler: () => void): void => {
  onUnauthorized = handler;
};

/** `token` given: a sign-in attempt, so a 401 is the caller's to report rather than a sign-out. */
export async function api<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const bearer = token ?? adminToken.get();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  const text = res.status === 204 ? '' : await res.text();
  const data: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    if (res.status === 401 && token === undefined) onUnauthorized();
    throw new ApiError(res.status, (data as Problem | undefined) ?? null);
  }
  return data as T;
}

export const get = <T>(path: string) => api<T>('GET', path);

/** Query string from the defined, non-empty values. */
export function query(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== null && value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Every page of a list, up to `maxPages` (the console's lists are small; the cap keeps it so). */
export async function all<T>(path: string, maxPages = 20): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < maxPages; i += 1) {
    const sep = path.includes('?') ? '&' : '?';
    const page: Page<T> = await get<Page<T>>(
      `${path}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return items;
}

/** A problem as one readable line, with the fields a validation problem names. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) {
    const fields = err.problem?.errors?.map((e) => `${e.field}: ${e.message}`) ?? [];
    return fields.length > 0 ? fields.join('; ') : err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

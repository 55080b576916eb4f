import type { Page, Problem } from './api-types';
import type { ApiConfig } from './config';
import { CliError, ExitCode } from './exit-codes';

const TIMEOUT_MS = 30_000;
const PAGE_LIMIT = 500;

/** A problem+json answer (RFC 9457): its `detail` is the message, the body is kept for `--json`. */
export class ApiError extends CliError {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(exitCodeOf(status), oneLine(problem.detail));
    this.name = 'ApiError';
  }
}

/** 401 → unauthorized; 400 (a malformed value the CLI passed on, e.g. an unknown queue) → usage; else failure. */
const exitCodeOf = (status: number): ExitCode =>
  status === 401 ? ExitCode.unauthorized : status === 400 ? ExitCode.usage : ExitCode.failure;

type Query = Record<string, string | number | undefined>;

/** fetch against `<baseUrl>/api`, bearer token attached; failures become CliErrors with the exit code scripts expect. */
export class ApiClient {
  constructor(
    private readonly config: ApiConfig,
    private readonly timeoutMs = TIMEOUT_MS,
  ) {}

  get baseUrl(): string {
    return this.config.baseUrl;
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path, { query });
  }

  post<T>(path: string, body?: unknown, query?: Query): Promise<T> {
    return this.request<T>('POST', path, { body: body ?? {}, query });
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, { body });
  }

  delete<T = void>(path: string): Promise<T> {
    return this.request<T>('DELETE', path, {});
  }

  /** Every page of a list, following `nextCursor`; `max` stops early (the caller learns whether more exist). */
  async list<T>(path: string, query: Query = {}, max = Infinity): Promise<{ items: T[]; more: boolean }> {
    const items: T[] = [];
    let cursor: string | undefined;
    for (;;) {
      const limit = Math.min(PAGE_LIMIT, Math.max(1, max - items.length));
      const page = await this.get<Page<T>>(path, { ...query, limit, cursor });
      items.push(...page.items);
      if (page.nextCursor === null) return { items, more: false };
      if (items.length >= max) return { items, more: true };
      cursor = page.nextCursor;
    }
  }

  async request<T>(
    method: string,
    path: string,
    options: { query?: Query | undefined; body?: unknown },
  ): Promise<T> {
    if (this.config.token === null)
      throw new CliError(ExitCode.unauthorized, 'no admin token: set ADMIN_TOKEN (or pass --token)');
    const url = new URL(`${this.config.baseUrl}${path}`);
    for (const [key, value] of Object.entries(options.query ?? {}))
      if (value !== undefined) url.searchParams.set(key, String(value));
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.config.token}`,
      accept: 'application/json, application/problem+json',
    };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers,
        body: options.body === undefined ? null : JSON.stringify(options.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw unreachable(this.config.baseUrl, err, this.timeoutMs);
    }
    const text = await res.text().catch((err: unknown) => {
      throw unreachable(this.config.baseUrl, err, this.timeoutMs);
    });
    if (res.status === 204) return undefined as T;
    const body = parseJson(text, res.headers.get('content-type'));
    if (res.ok) {
      if (body === undefined) throw notTheApi(url, res.status);
      return body as T;
    }
    if (isProblem(body)) throw new ApiError(res.status, body);
    if (res.status === 401)
      throw new CliError(ExitCode.unauthorized, 'the API refused the admin token (401)');
    throw notTheApi(url, res.status);
  }
}

function unreachable(baseUrl: string, err: unknown, timeoutMs: number): CliError {
  const name = err instanceof Error ? err.name : '';
  if (name === 'TimeoutError' || name === 'AbortError')
    return new CliError(
      ExitCode.unreachable,
      `the API at ${baseUrl} did not answer within ${timeoutMs / 1000} s`,
    );
  const cause =
    err instanceof Error ? (err.cause as { code?: string; message?: string } | undefined) : undefined;
  const reason = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
  return new CliError(
    ExitCode.unreachable,
    `cannot reach the API at ${baseUrl}: ${oneLine(reason)} (set --url or ENTRA_SYNC_URL)`,
  );
}

const notTheApi = (url: URL, status: number) =>
  new CliError(
    ExitCode.failure,
    `unexpected answer (HTTP ${status}, not JSON) from ${url.origin}${url.pathname}: is --url the entra-sync admin API?`,
  );

function parseJson(text: string, contentType: string | null): unknown {
  if (!text || !/json/i.test(contentType ?? '')) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isProblem(body: unknown): body is Problem {
  return typeof body === 'object' && body !== null && typeof (body as Problem).detail === 'string';
}

export const oneLine = (text: string): string => text.replace(/\s*[\r\n]+\s*/g, ' ').trim();

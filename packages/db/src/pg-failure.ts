import pg from 'pg';

/**
 * What a Postgres failure means for the work that hit it (F1), decided once by cause:
 * - `unavailable`: the server is down, restarting, starting, refusing or lost the connection — wait for it;
 * - `contention`: serialization failure, deadlock or a lock wait past lock_timeout — retry soon;
 * - `timeout`: a statement past statement_timeout, or no answer at all (a hung server) — retry later;
 * - `race`: a unique violation, which a concurrent writer causes; the retry re-reads and merges;
 * - `permanent`: anything else Postgres refused (a bug or bad data): retrying cannot help.
 * The first three are transient: never dead-lettered for that reason, never charged to an Entra connection.
 */
export type PostgresFailure = {
  kind: 'unavailable' | 'contention' | 'timeout' | 'race' | 'permanent';
  /** SQLSTATE, or the driver's or socket's code when Postgres did not answer */
  code: string;
  message: string;
};

export type PostgresFailureKind = PostgresFailure['kind'];

const TRANSIENT: ReadonlySet<PostgresFailureKind> = new Set(['unavailable', 'contention', 'timeout']);

export const isTransientPostgresFailure = (failure: PostgresFailure): boolean => TRANSIENT.has(failure.kind);

const FROM_POSTGRES = Symbol.for('entra-sync.postgres-error');

/** Marks an error raised by the pool or a query as Postgres' (guarded-pool.ts marks every one). */
export function markPostgresError(err: unknown): unknown {
  if (err !== null && typeof err === 'object' && !(FROM_POSTGRES in err))
    Object.defineProperty(err, FROM_POSTGRES, { value: true, enumerable: false });
  return err;
}

const BY_SQLSTATE: Record<string, PostgresFailureKind> = {
  '57P01': 'unavailable', // admin_shutdown (terminated backend, fast or smart shutdown)
  '57P02': 'unavailable', // crash_shutdown (another backend crashed)
  '57P03': 'unavailable', // cannot_connect_now (starting up, recovering)
  '57P05': 'unavailable', // idle_session_timeout
  '53300': 'unavailable', // too_many_connections
  '53400': 'unavailable', // configuration_limit_exceeded
  '40001': 'contention', // serialization_failure
  '40P01': 'contention', // deadlock_detected
  '55P03': 'contention', // lock_not_available (lock_timeout)
  '57014': 'timeout', // query_canceled (statement_timeout)
  '25P03': 'timeout', // idle_in_transaction_session_timeout
  '23505': 'race', // unique_violation
};

const DRIVER_MESSAGES: ReadonlyArray<[RegExp, PostgresFailureKind, string]> = [
  [/^Query read timeout$/, 'timeout', 'query-read-timeout'],
  [/^timeout exceeded when trying to connect$/, 'timeout', 'pool-acquire-timeout'],
  [/^Connection terminated due to connection timeout$/, 'unavailable', 'connect-timeout'],
  [/^Connection terminated( unexpectedly)?$/, 'unavailable', 'connection-terminated'],
  [/is not queryable$/, 'unavailable', 'connection-lost'],
  [/^timeout expired$/, 'unavailable', 'connect-timeout'],
];

const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** The failure's meaning, or null when the error is not Postgres' (a Graph failure, a bug of ours). */
export function classifyPostgresError(err: unknown): PostgresFailure | null {
  for (let current = err, depth = 0; current && typeof current === 'object' && depth < 5; depth += 1) {
    const failure = classifyOne(current);
    if (failure) return failure;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

function classifyOne(err: object): PostgresFailure | null {
  const message = (err as { message?: unknown }).message;
  const text = typeof message === 'string' ? message : String(err);
  const code = (err as { code?: unknown }).code;
  if (err instanceof pg.DatabaseError && typeof code === 'string') {
    const kind = BY_SQLSTATE[code] ?? (code.startsWith('08') ? 'unavailable' : 'permanent');
    return { kind, code, message: text };
  }
  if (!(FROM_POSTGRES in err)) return null;
  if (typeof code === 'string' && SOCKET_CODES.has(code)) return { kind: 'unavailable', code, message: text };
  for (const [pattern, kind, name] of DRIVER_MESSAGES)
    if (pattern.test(text)) return { kind, code: name, message: text };
  return { kind: 'permanent', code: typeof code === 'string' ? code : 'driver', message: text };
}

/** Postgres refused a row for a unique index (23505): a name or username someone else holds. */
export const isUniqueViolation = (err: unknown): boolean => (err as { code?: string }).code === '23505';

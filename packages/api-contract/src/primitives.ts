import { z } from 'zod';

/**
 * A point in time: an ISO 8601 string on the wire, a `Date` on the server. `z.input` of a schema is the JSON a
 * client reads; `z.output` is what the server's views build (JSON.stringify turns the Date into that string).
 */
export const Timestamp = z.codec(z.iso.datetime({ offset: true }), z.date(), {
  decode: (text) => new Date(text),
  encode: (date) => date.toISOString(),
});

/** Ids the database or the server generates (B1). */
export const Id = z.uuid();

/** A request's uuid (query, body): the message names the field's expectation. */
export const UuidField = z.uuid({ message: 'must be a uuid' });

/** A response with no body (204). */
export const NoContent = z.undefined().meta({ description: 'No content' });

/** A7: every list answers one page and the cursor of the next one (null on the last page). */
export function page<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().meta({ description: 'pass back as ?cursor= for the next page' }),
  });
}

/** A7: `?limit=` (1–500, default 50) and an opaque `?cursor=` taken from the previous page's `nextCursor`. */
export const pageFields = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
};

/** The JSON a client reads (dates as strings). */
export type Wire<S extends z.ZodType> = z.input<S>;
/** What the server's views produce (dates as Dates). */
export type Value<S extends z.ZodType> = z.output<S>;

/** A page of items as the JSON a client reads. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

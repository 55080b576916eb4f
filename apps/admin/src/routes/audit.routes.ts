import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listAuditEntries } from '@entra-sync/db';
import type { AdminContext } from '../context';
import { beforeOf, encodeCursor, pageFields } from '../http/pagination';
import { parse } from '../http/validate';
import { auditView } from '../views/audit.view';

const query = z.object({
  connectionId: z.uuid({ message: 'must be a uuid' }).optional(),
  objectId: z.string().trim().min(1).max(200).optional(),
  recordId: z.uuid({ message: 'must be a uuid' }).optional(),
  ...pageFields,
});

export function auditRoutes(app: FastifyInstance, ctx: AdminContext): void {
  // S6.4, newest first; the cursor is the last id seen, so new entries never shift a page.
  app.get('/audit', async (request) => {
    const { limit, cursor, ...filters } = parse(query, request.query, 'query');
    const beforeId = beforeOf(cursor);
    const rows = await listAuditEntries(ctx.db, {
      ...filters,
      ...(beforeId !== undefined ? { beforeId } : {}),
      limit: limit + 1,
    });
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(auditView),
      nextCursor: rows.length > limit && last ? encodeCursor({ before: last.id }) : null,
    };
  });
}

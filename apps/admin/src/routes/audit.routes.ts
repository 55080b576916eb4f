import { AuditPage, AuditQuery } from '@entra-sync/api-contract';
import { listAuditEntries } from '@entra-sync/db';
import type { AdminContext } from '../context';
import type { Api } from '../http/api-instance';
import { beforeOf, encodeCursor } from '../http/pagination';
import { parse } from '../http/validate';
import { auditView } from '../views/audit.view';

export function auditRoutes(app: Api, ctx: AdminContext): void {
  // S6.4, newest first; the cursor is the last id seen, so new entries never shift a page.
  const list = {
    summary: 'The audit log, newest first (S6.4)',
    querystring: AuditQuery,
    response: { 200: AuditPage },
  };
  app.get('/audit', { schema: list }, async (request) => {
    const { limit, cursor, ...filters } = parse(AuditQuery, request.query, 'query');
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

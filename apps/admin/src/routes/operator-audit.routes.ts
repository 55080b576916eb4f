import { OperatorAuditPage, OperatorAuditQuery } from '@entra-sync/api-contract';
import { listOperatorActions } from '@entra-sync/db';
import type { AdminContext } from '../context';
import type { Api } from '../http/api-instance';
import { beforeOf, encodeCursor } from '../http/pagination';
import { parse } from '../http/validate';

export function operatorAuditRoutes(app: Api, ctx: AdminContext): void {
  // X3, newest first; the cursor is the last id seen, so new entries never shift a page.
  const list = {
    summary: 'Every operator action: who, what, when, from where (X3)',
    querystring: OperatorAuditQuery,
    response: { 200: OperatorAuditPage },
  };
  app.get('/operator-audit', { schema: list }, async (request) => {
    const { limit, cursor, ...filters } = parse(OperatorAuditQuery, request.query, 'query');
    const beforeId = beforeOf(cursor);
    const rows = await listOperatorActions(ctx.db, {
      ...(filters.action !== undefined ? { action: filters.action } : {}),
      ...(filters.actor !== undefined ? { actor: filters.actor } : {}),
      ...(filters.since !== undefined ? { since: filters.since } : {}),
      ...(beforeId !== undefined ? { beforeId } : {}),
      limit: limit + 1,
    });
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: rows.length > limit && last ? encodeCursor({ before: last.id }) : null,
    };
  });
}

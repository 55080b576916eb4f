import {
  OpenApiDocument,
  openApiDocument,
  type DocumentedRoute,
  type RouteSchema,
} from '@entra-sync/api-contract';
import type { Api } from './api-instance';

const INFO = {
  title: 'entra-sync admin API',
  version: '0.1.0',
  description: 'Every route needs `Authorization: Bearer $ADMIN_TOKEN`; errors are application/problem+json.',
};

/**
 * `GET /api/openapi.json`: OpenAPI 3.1 built from the routes as registered under `/api` (their contract schemas),
 * once, at the first request. Call before the other routes: it collects them as they are added.
 */
export function openApiRoutes(api: Api): void {
  const routes: DocumentedRoute[] = [];
  api.addHook('onRoute', (route) => {
    for (const method of [route.method].flat())
      routes.push({ method, url: route.url, schema: route.schema as RouteSchema | undefined });
  });
  let document: OpenApiDocument | null = null;
  api.get(
    '/openapi.json',
    { schema: { summary: 'This document', response: { 200: OpenApiDocument } } },
    async () => (document ??= openApiDocument(routes, INFO)),
  );
}

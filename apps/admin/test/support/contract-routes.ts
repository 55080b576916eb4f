import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface ContractRoute {
  method: string;
  /** OpenAPI form: `/api/connections/{id}` */
  path: string;
}

const CONTRACT = path.resolve(__dirname, '../../../../docs/spec/CONTRACT.md');

/**
 * The `/api` routes docs/spec/CONTRACT.md names in its HTTP sections (the first list and the second round's),
 * as `METHOD /path`: `GET|POST` and `approve|reject` expand, `?query=` goes, `:id` becomes `{id}`.
 */
export function contractRoutes(text = readFileSync(CONTRACT, 'utf8')): ContractRoute[] {
  const routes = new Map<string, ContractRoute>();
  for (const section of httpSections(text)) {
    for (const [, methods = '', rawPath = ''] of section.matchAll(
      /`((?:GET|POST|PUT|PATCH|DELETE)(?:\|(?:GET|POST|PUT|PATCH|DELETE))*) (\/api\/[^`\s?]*)/g,
    )) {
      for (const method of methods.split('|'))
        for (const variant of expand(rawPath)) {
          const route = { method, path: variant.replace(/:([A-Za-z0-9_]+)/g, '{$1}') };
          routes.set(`${route.method} ${route.path}`, route);
        }
    }
  }
  return [...routes.values()];
}

function httpSections(text: string): string[] {
  const first = /^## HTTP\n([\s\S]*?)^## /m.exec(text)?.[1];
  const second = /^## Added names \(second round\)[\s\S]*?^HTTP:\n([\s\S]*?)^CLI additions/m.exec(text)?.[1];
  if (!first || !second) throw new Error('CONTRACT.md: an HTTP section is missing or renamed');
  return [first, second];
}

/** `/a/:id/approve|reject` → `/a/:id/approve`, `/a/:id/reject` */
function expand(route: string): string[] {
  return route
    .split('/')
    .reduce<string[]>(
      (prefixes, segment) => prefixes.flatMap((p) => segment.split('|').map((s) => `${p}/${s}`)),
      [''],
    )
    .map((p) => p.replace(/^\/\//, '/'));
}

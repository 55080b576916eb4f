import { randomUUID } from 'node:crypto';
import { isPublicRoute, PUBLIC_ROUTES } from '../src/http/public-routes';
import { startAdmin, type Admin } from './support/harness';

// Issue 15 item 9: every route the admin server registers needs credentials, except the documented public ones.
describe('route-auth walk: every admin route needs the token, except the documented public ones (X5)', () => {
  let admin: Admin;
  beforeAll(async () => {
    admin = await startAdmin();
  });
  afterAll(async () => {
    await admin?.close();
  });

  const routes = () => [
    ...new Map(
      admin.routes.filter((r) => r.method !== 'HEAD').map((r) => [`${r.method} ${r.url}`, r]),
    ).values(),
  ];
  const concrete = (url: string) =>
    url
      .replace(/:id\b/g, randomUUID())
      .replace(/:queueName\b/g, 'user-sync')
      .replace(/:[A-Za-z]+/g, 'x')
      .replace(/\*/g, 'x');

  it('X5 without credentials every non-public route answers 401 problem+json (a mutation never runs)', async () => {
    const all = routes();
    expect(all.length).toBeGreaterThan(60);
    const open: string[] = [];
    for (const route of all.filter((r) => !isPublicRoute(r.method, r.url))) {
      const res = await fetch(`${admin.base}${concrete(route.url)}`, {
        method: route.method,
        redirect: 'manual',
      });
      const type = res.headers.get('content-type') ?? '';
      if (res.status !== 401 || !type.startsWith('application/problem+json'))
        open.push(`${route.method} ${route.url} → ${res.status} ${type}`);
      await res.arrayBuffer();
    }
    expect(open).toEqual([]);
  });

  it('X5 a wrong token and a forged console cookie are refused the same way', async () => {
    const forged = {
      authorization: 'Bearer not-the-token',
      cookie: 'entra_sync_console=99999999999999.forged',
    };
    for (const route of routes().filter((r) => !isPublicRoute(r.method, r.url) && r.method === 'GET')) {
      const res = await fetch(`${admin.base}${concrete(route.url)}`, { headers: forged, redirect: 'manual' });
      expect({ route: route.url, status: res.status }).toEqual({ route: route.url, status: 401 });
      await res.arrayBuffer();
    }
  });

  it('X5 the public list names routes that exist and answer without credentials', async () => {
    const registered = routes().map((r) => `${r.method} ${r.url}`);
    for (const entry of Object.keys(PUBLIC_ROUTES)) {
      const matches = registered.filter((key) =>
        entry.endsWith('*') ? key.startsWith(entry.slice(0, -1)) : key === entry,
      );
      expect({ entry, matches: matches.length > 0 }).toEqual({ entry, matches: true });
      for (const key of matches) {
        const [method = 'GET', url = '/'] = key.split(' ');
        const res = await fetch(`${admin.base}${concrete(url)}`, { method, redirect: 'manual' });
        expect({ key, status: res.status }).not.toEqual({ key, status: 401 });
        await res.arrayBuffer();
      }
    }
  });
});

import { startAdmin, type Admin } from './support/harness';

describe('admin API: auth, problem+json, validation, 404s, pagination', () => {
  let admin: Admin;
  beforeAll(async () => {
    admin = await startAdmin();
  });
  afterAll(async () => {
    await admin?.close();
  });

  const expectProblem = (
    res: { status: number; contentType: string; body: Record<string, unknown> },
    status: number,
  ) => {
    expect(res.status).toBe(status);
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, type: expect.stringMatching(/^urn:entra-sync:problem:/) });
    expect(typeof res.body.title).toBe('string');
    expect(typeof res.body.detail).toBe('string');
    expect(JSON.stringify(res.body)).not.toMatch(/\bat .*\.ts:\d+/); // never a stack
  };

  it('401 problem+json without a token, naming how to send it', async () => {
    const res = await admin.api('GET', '/api/connections', undefined, { token: null });
    expectProblem(res, 401);
    expect(res.body.detail).toContain('Authorization: Bearer');
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('401 with a wrong token, a token of another length, or another scheme', async () => {
    const lastChanged = admin.token.slice(0, -1) + (admin.token.endsWith('x') ? 'y' : 'x');
    for (const token of [lastChanged, 'short', `${admin.token}${admin.token}`]) {
      expectProblem(await admin.api('GET', '/api/connections', undefined, { token }), 401);
    }
    const basic = await fetch(`${admin.base}/api/connections`, {
      headers: { authorization: `Basic ${Buffer.from(`admin:${admin.token}`).toString('base64')}` },
    });
    expect(basic.status).toBe(401);
  });

  it('401 comes before 404: an unknown route does not reveal itself without the token', async () => {
    expectProblem(await admin.api('GET', '/api/nothing-here', undefined, { token: null }), 401);
    const res = await admin.api('GET', '/api/nothing-here');
    expectProblem(res, 404);
  });

  it('the right token passes', async () => {
    const res = await admin.api('GET', '/api/connections');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [], nextCursor: null });
  });

  it('400 problem+json for a body that is not JSON', async () => {
    const res = await admin.api('POST', '/api/accounts', undefined, { rawBody: '{"name": ' });
    expectProblem(res, 400);
    expect(res.body.detail).toContain('not valid JSON');
  });

  it('400 problem+json naming the failing field, and unknown fields', async () => {
    const res = await admin.api('POST', '/api/accounts', { name: '' });
    expectProblem(res, 400);
    expect(res.body.detail).toContain('body.name');
    expect(res.body.errors).toEqual([{ field: 'body.name', message: expect.any(String) }]);
    const unknown = await admin.api('POST', '/api/accounts', { name: 'Contoso', nmae: 'typo' });
    expectProblem(unknown, 400);
    expect(unknown.body.errors).toEqual([{ field: 'body.nmae', message: 'unknown field nmae' }]);
  });

  it('400 for a bad query value, naming it', async () => {
    const res = await admin.api('GET', '/api/contacts?status=gone');
    expectProblem(res, 400);
    expect(res.body.detail).toContain('query.status');
    const limit = await admin.api('GET', '/api/accounts?limit=0');
    expectProblem(limit, 400);
    expect(limit.body.detail).toContain('query.limit');
  });

  it('404 for unknown ids, well-formed or not', async () => {
    for (const path of [
      '/api/connections/00000000-0000-4000-8000-000000000000',
      '/api/connections/not-a-uuid',
      '/api/contacts/00000000-0000-4000-8000-000000000000',
      '/api/employees/42',
      '/api/sync-runs/00000000-0000-4000-8000-000000000000',
      '/api/rules/999999',
      '/api/rules/abc',
      '/api/accounts/00000000-0000-4000-8000-000000000000',
    ]) {
      expectProblem(await admin.api('GET', path), 404);
    }
    expectProblem(await admin.api('DELETE', '/api/connections/00000000-0000-4000-8000-000000000000'), 404);
    expectProblem(await admin.api('POST', '/api/dead-letters/user-sync~nope/retry'), 404);
  });

  it('lists page with limit and an opaque cursor, ending with nextCursor null', async () => {
    for (const name of ['A', 'B', 'C', 'D', 'E'])
      await admin.api('POST', '/api/accounts', { name: `Page ${name}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const res = await admin.api('GET', `/api/accounts?limit=2${query}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((a: { name: string }) => a.name));
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.filter((n) => n.startsWith('Page '))).toEqual([
      'Page A',
      'Page B',
      'Page C',
      'Page D',
      'Page E',
    ]);
    expectProblem(await admin.api('GET', '/api/accounts?cursor=garbage'), 400);
  });
});

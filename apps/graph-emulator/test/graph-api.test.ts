import type { RunningEmulator } from '../src';
import { control, graph, startTestEmulator, tenantWithToken } from './support/harness';

type Collection = {
  value: Array<Record<string, unknown>>;
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
};

describe('Graph v1.0 surface of the emulator', () => {
  let emulator: RunningEmulator;
  let t: Awaited<ReturnType<typeof tenantWithToken>>;
  // the emulator's clock: it moves only when a test moves it
  let now = Date.now();

  beforeAll(async () => {
    emulator = await startTestEmulator({
      settings: { deltaTokenMaxAgeMs: 1_000 },
      now: () => new Date(now),
    });
    t = await tenantWithToken(emulator);
    emulator.state.seed(t.tenantId, { seed: 'api', users: 20, groups: 2 });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it.each([
    ['/users?$filter=accountEnabled eq true', 'Request_UnsupportedQuery'],
    ['/users?$orderby=displayName', 'Request_UnsupportedQuery'],
    ['/users?$top=1000', 'Request_BadRequest'],
    ['/users?$top=0', 'Request_BadRequest'],
    ['/users?$select=id,favouriteColour', 'BadRequest'],
    ['/users/delta?$top=10', 'Request_UnsupportedQuery'],
    ['/users?$skiptoken=not-a-token', 'Request_BadRequest'],
    ['/users/delta?$deltatoken=garbage', 'Request_BadRequest'],
    ['/applications', 'BadRequest'],
  ])('answers %s with a Graph-shaped 400 (%s)', async (path, code) => {
    const answer = await graph(emulator, t.token, path);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      error: {
        code,
        message: expect.any(String),
        innerError: { date: expect.any(String), 'request-id': expect.any(String) },
      },
    });
    expect(answer.headers.get('request-id')).toBe(
      (answer.body as { error: { innerError: Record<string, string> } }).error.innerError['request-id'],
    );
  });

  it('S2.1 returns Graph’s default properties without $select (accountEnabled only when selected)', async () => {
    const all = await graph<Collection>(emulator, t.token, '/users?$top=1');
    expect(Object.keys(all.body.value[0] ?? {}).sort()).toEqual(
      [
        'businessPhones',
        'displayName',
        'givenName',
        'id',
        'jobTitle',
        'mail',
        'mobilePhone',
        'officeLocation',
        'preferredLanguage',
        'surname',
        'userPrincipalName',
      ].sort(),
    );
    const selected = await graph<Collection>(emulator, t.token, '/users?$top=1&$SELECT=id,accountEnabled');
    expect(Object.keys(selected.body.value[0] ?? {})).toEqual(['id', 'accountEnabled']);
  });

  it('S1.1 memberOf lists groups with @odata.type; unknown users are 404 Request_ResourceNotFound', async () => {
    const dir = emulator.state.requireTenant(t.tenantId).directory;
    const user = dir.createUser({ userPrincipalName: `member@${t.domain}` });
    const group = dir.createGroup({ displayName: 'Members' });
    dir.addMember(group.id, user.id);
    const answer = await graph<Collection>(
      emulator,
      t.token,
      `/users/${user.id}/memberOf?$select=id,displayName`,
    );
    expect(answer.body.value).toEqual([
      { '@odata.type': '#microsoft.graph.group', id: group.id, displayName: 'Members' },
    ]);
    const byUpn = await graph(emulator, t.token, `/users/member@${t.domain}?$select=id`);
    expect(byUpn.body).toMatchObject({ id: user.id });
    const missing = await graph(emulator, t.token, '/users/0f0f0f0f-0000-4000-8000-000000000000/memberOf');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: 'Request_ResourceNotFound' } });
  });

  it('S4.1 a delta token older than the limit is refused with syncStateNotFound', async () => {
    let link = '/users/delta?$select=id';
    let body: Collection;
    do {
      body = (await graph<Collection>(emulator, t.token, link)).body;
      link = body['@odata.nextLink'] ?? '';
    } while (link);
    const deltaLink = body['@odata.deltaLink'] as string;
    now += 1_000; // exactly the limit: still honoured
    expect((await graph(emulator, t.token, deltaLink)).status).toBe(200);
    now += 1;
    const expired = await graph(emulator, t.token, deltaLink);
    expect(expired.status).toBe(400);
    expect(expired.body).toMatchObject({
      error: { code: 'syncStateNotFound', message: expect.stringContaining('synchronized again') },
    });
  });

  it('$batch: at most 20 requests, relative urls, 424 after a failed dependency', async () => {
    const batch = (requests: unknown[]) =>
      graph<{ responses: Array<{ id: string; status: number }> }>(emulator, t.token, '/$batch', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ requests }),
      });
    const many = Array.from({ length: 21 }, (_, i) => ({ id: `${i}`, method: 'GET', url: '/organization' }));
    expect((await batch(many)).status).toBe(400);
    expect((await batch([{ id: '1', method: 'GET', url: `${emulator.url}/v1.0/organization` }])).status).toBe(
      400,
    );
    const chained = await batch([
      { id: 'a', method: 'GET', url: '/users/0f0f0f0f-0000-4000-8000-000000000000' },
      { id: 'b', method: 'GET', url: '/organization', dependsOn: ['a'] },
      { id: 'c', method: 'GET', url: '/organization' },
    ]);
    expect(chained.body.responses.map((r) => [r.id, r.status])).toEqual([
      ['a', 404],
      ['b', 424],
      ['c', 200],
    ]);
  });

  // Capacity only: how fast is for `npm run bench`, never a timed test.
  it('holds 100,000 users and pages them 999 at a time', async () => {
    const big = await tenantWithToken(emulator);
    const seeded = await control<{ users: number; groups: number; nestedGroups: number }>(
      emulator,
      'POST',
      `/tenants/${big.tenantId}/seed`,
      { seed: 'big', users: 100_000, groups: 50 },
    );
    expect(seeded.body).toMatchObject({ users: 100_000, groups: 50 });
    let link =
      '/users?$select=id,givenName,surname,userPrincipalName,mail,businessPhones,mobilePhone,jobTitle,accountEnabled&$top=999';
    let count = 0;
    let pages = 0;
    while (link) {
      const page = await graph<Collection>(emulator, big.token, link);
      count += page.body.value.length;
      pages++;
      link = page.body['@odata.nextLink'] ?? '';
    }
    expect(count).toBe(100_000);
    expect(pages).toBe(101);
  }, 60_000);
});

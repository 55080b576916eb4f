import { graphPathOf, resourceUnits } from './resource-units';

const cost = (method: string, url: string) => {
  const target = graphPathOf(url);
  if (!target) throw new Error(`not a Graph URL: ${url}`);
  return resourceUnits(method, target.path, target.query);
};

describe('resource units (Microsoft identity throttling cost model)', () => {
  it('charges listed paths their base cost, less one for $select', () => {
    expect(cost('GET', '/v1.0/users')).toBe(2);
    expect(cost('GET', '/v1.0/users?$select=id,mail&$top=999')).toBe(1);
    expect(cost('GET', '/v1.0/groups/g1/transitiveMembers?$top=999')).toBe(5);
    expect(cost('GET', '/v1.0/groups/g1/members/microsoft.graph.user?$select=id')).toBe(2);
    expect(cost('GET', '/v1.0/users/u1/transitiveMemberOf')).toBe(2);
  });
  it('charges 1 for unlisted paths and never less than 1', () => {
    expect(cost('GET', '/v1.0/users/u1?$select=id')).toBe(1);
    expect(cost('GET', '/v1.0/users/delta?$select=id')).toBe(1);
    expect(cost('POST', '/v1.0/subscriptions')).toBe(1);
    expect(cost('GET', '/v1.0/users?$select=id&$top=5')).toBe(1);
  });
  it('adds one for $expand', () => {
    expect(cost('GET', '/v1.0/users?$expand=memberOf')).toBe(3);
  });
  it('ignores what is not a Graph call', () => {
    expect(graphPathOf('/tenant-id/oauth2/v2.0/token')).toBeNull();
    expect(graphPathOf('/_emulator/counters')).toBeNull();
  });
});

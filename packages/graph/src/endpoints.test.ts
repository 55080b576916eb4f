import { resolveEndpoints } from './endpoints';

describe('resolveEndpoints', () => {
  it('S7.5 defaults to the global cloud', () => {
    expect(resolveEndpoints()).toEqual({
      cloud: 'global',
      graphEndpoint: 'https://graph.microsoft.com',
      loginEndpoint: 'https://login.microsoftonline.com',
      scope: 'https://graph.microsoft.com/.default',
      customGraphHost: null,
    });
  });

  it.each([
    ['usgov', 'https://graph.microsoft.us', 'https://login.microsoftonline.us'],
    ['dod', 'https://dod-graph.microsoft.us', 'https://login.microsoftonline.us'],
    ['china', 'https://microsoftgraph.chinacloudapi.cn', 'https://login.chinacloudapi.cn'],
  ] as const)('S7.5 picks the %s national cloud endpoints', (cloud, graph, login) => {
    const endpoints = resolveEndpoints({ cloud });
    expect(endpoints).toMatchObject({
      cloud,
      graphEndpoint: graph,
      loginEndpoint: login,
      scope: `${graph}/.default`,
      customGraphHost: null,
    });
  });

  it('S7.5 overrides win over the cloud and mark a host the SDK does not know as custom', () => {
    const endpoints = resolveEndpoints({
      cloud: 'china',
      graphEndpoint: 'https://127.0.0.1:8443/',
      loginEndpoint: 'https://localhost:9443',
    });
    expect(endpoints).toEqual({
      cloud: 'china',
      graphEndpoint: 'https://127.0.0.1:8443',
      loginEndpoint: 'https://localhost:9443',
      scope: 'https://127.0.0.1:8443/.default',
      customGraphHost: '127.0.0.1',
    });
  });

  it('S7.5 overriding only the login endpoint keeps the cloud Graph root', () => {
    const endpoints = resolveEndpoints({ cloud: 'usgov', loginEndpoint: 'https://login.example.test' });
    expect(endpoints.graphEndpoint).toBe('https://graph.microsoft.us');
    expect(endpoints.loginEndpoint).toBe('https://login.example.test');
  });

  it('S7.5 rejects http and paths, naming the variable', () => {
    expect(() => resolveEndpoints({ graphEndpoint: 'http://127.0.0.1:8443' })).toThrow(
      /GRAPH_ENDPOINT must use https/,
    );
    expect(() => resolveEndpoints({ loginEndpoint: 'https://login.example.test/tenant' })).toThrow(
      /LOGIN_ENDPOINT must be an origin/,
    );
    expect(() => resolveEndpoints({ graphEndpoint: 'not a url' })).toThrow(
      /GRAPH_ENDPOINT must be an absolute https URL/,
    );
    expect(() => resolveEndpoints({ cloud: 'mars' as never })).toThrow(/Unknown Graph cloud 'mars'/);
  });
});

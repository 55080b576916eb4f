import { apiConfig } from './config';

describe('apiConfig', () => {
  it('defaults to http://127.0.0.1:$PORT (3000) and reads ADMIN_TOKEN', () => {
    expect(apiConfig({}, {})).toEqual({ baseUrl: 'http://127.0.0.1:3000', token: null });
    expect(apiConfig({}, { PORT: '8080', ADMIN_TOKEN: ' t ' })).toEqual({
      baseUrl: 'http://127.0.0.1:8080',
      token: 't',
    });
  });

  it('--url and --token win over ENTRA_SYNC_URL and ADMIN_TOKEN; a trailing /api is dropped', () => {
    const env = { ENTRA_SYNC_URL: 'http://env:1', ADMIN_TOKEN: 'env-token' };
    expect(apiConfig({ url: 'https://admin.example.com/api/', token: 'flag' }, env)).toEqual({
      baseUrl: 'https://admin.example.com',
      token: 'flag',
    });
    expect(apiConfig({}, { ENTRA_SYNC_URL: 'http://proxy/entra/' })).toMatchObject({
      baseUrl: 'http://proxy/entra',
    });
  });

  it('usage errors name the bad source', () => {
    expect(() => apiConfig({ url: 'nope' }, {})).toThrow("--url must be an http(s) URL, got 'nope'");
    expect(() => apiConfig({}, { ENTRA_SYNC_URL: 'ftp://x' })).toThrow(
      'ENTRA_SYNC_URL must be an http(s) URL',
    );
    expect(() => apiConfig({}, { PORT: 'eighty' })).toThrow("PORT must be a port number, got 'eighty'");
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

// Docker cannot run on the development machines: the compose file is checked by reading it.
const root = path.resolve(__dirname, '../../..');
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, { image?: string; healthcheck?: { test: string[] }; ports?: string[] }>;
};

describe('docker-compose.yml', () => {
  it('runs Postgres 16 and Redis 7 with health checks', () => {
    expect(compose.services.postgres?.image).toMatch(/^postgres:16/);
    expect(compose.services.redis?.image).toMatch(/^redis:7/);
    for (const name of ['postgres', 'redis'])
      expect(compose.services[name]?.healthcheck?.test.length).toBeGreaterThan(0);
  });

  it('publishes the data stores on loopback only', () => {
    for (const service of Object.values(compose.services)) {
      for (const port of service.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/);
    }
  });
});

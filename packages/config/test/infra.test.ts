import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

// Docker cannot run on the development machines: the compose file and the dashboards are checked by reading them.
const root = path.resolve(__dirname, '../../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

interface ComposeService {
  image?: string;
  profiles?: string[];
  healthcheck?: { test: string[] };
  ports?: string[];
  volumes?: string[];
  extra_hosts?: string[];
}
const compose = parse(read('docker-compose.yml')) as { services: Record<string, ComposeService> };

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

  it('the observability profile runs Prometheus and Grafana with the files under infra/ mounted', () => {
    const prometheus = compose.services.prometheus;
    const grafana = compose.services.grafana;
    expect(prometheus?.profiles).toEqual(['observability']);
    expect(grafana?.profiles).toEqual(['observability']);
    // the default `docker compose up` stays Postgres and Redis only
    for (const name of ['postgres', 'redis']) expect(compose.services[name]?.profiles).toBeUndefined();
    expect(prometheus?.image).toMatch(/^prom\/prometheus:v\d/);
    expect(grafana?.image).toMatch(/^grafana\/grafana:\d/);
    const binds = (service: ComposeService | undefined) =>
      (service?.volumes ?? [])
        .filter((v) => v.startsWith('./'))
        .map((v) => v.split(':').slice(0, 2) as [string, string]);
    expect(binds(prometheus)).toContainEqual([
      './infra/prometheus/prometheus.yml',
      '/etc/prometheus/prometheus.yml',
    ]);
    expect(binds(grafana)).toEqual(
      expect.arrayContaining([
        ['./infra/grafana/provisioning', '/etc/grafana/provisioning'],
        ['./infra/grafana/dashboards', '/etc/grafana/dashboards'],
      ]),
    );
    for (const [source] of [...binds(prometheus), ...binds(grafana)])
      expect(existsSync(path.join(root, source))).toBe(true);
    // the apps run on the Docker host: Prometheus reaches them through host.docker.internal
    expect(prometheus?.extra_hosts).toContain('host.docker.internal:host-gateway');
  });
});

// --- Prometheus -------------------------------------------------------------------------------------------------

interface ScrapeConfig {
  job_name: string;
  metrics_path?: string;
  static_configs: Array<{ targets: string[] }>;
}
const prometheus = parse(read('infra/prometheus/prometheus.yml')) as { scrape_configs: ScrapeConfig[] };

/** The source files of an app, to prove it serves GET /metrics. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('infra/prometheus/prometheus.yml', () => {
  it('scrapes exactly the three roles that serve /metrics: receiver, admin, worker', () => {
    const jobs = prometheus.scrape_configs.map((c) => c.job_name);
    expect(jobs.sort()).toEqual(['admin', 'receiver', 'worker']);
    for (const job of prometheus.scrape_configs) {
      expect(job.metrics_path ?? '/metrics').toBe('/metrics');
      const serves = sources(path.join(root, 'apps', job.job_name, 'src')).some((file) =>
        /['"`]\/metrics['"`]/.test(readFileSync(file, 'utf8')),
      );
      expect({ job: job.job_name, serves }).toEqual({ job: job.job_name, serves: true });
      expect(job.static_configs.flatMap((s) => s.targets)).toHaveLength(1);
    }
  });

  it("each target's port is the role's documented port (the worker's is WORKER_METRICS_PORT's default)", () => {
    const port = (job: string) =>
      prometheus.scrape_configs.find((c) => c.job_name === job)?.static_configs[0]?.targets[0]?.split(':')[1];
    const workerDefault = /WORKER_METRICS_PORT:\s*envFields\.PORT\.default\((\d+)\)/.exec(
      read('apps/worker/src/env.ts'),
    )?.[1];
    expect(workerDefault).toBe('9464');
    expect(port('worker')).toBe(workerDefault);
    expect(port('receiver')).toBe('3000'); // PORT's default (CONTRACT.md)
    expect(port('admin')).toBe('3001'); // beside the receiver on one host, as the comment in the file says
    for (const job of prometheus.scrape_configs)
      expect(job.static_configs[0]?.targets[0]).toMatch(/^host\.docker\.internal:\d+$/);
  });
});

// --- Grafana ----------------------------------------------------------------------------------------------------

interface Target {
  expr: string;
  datasource?: { uid?: string };
}
interface Panel {
  id: number;
  title: string;
  type: string;
  datasource?: { uid?: string };
  targets?: Target[];
  gridPos: { x: number; y: number; w: number; h: number };
}
const dashboard = JSON.parse(read('infra/grafana/dashboards/entra-sync.json')) as {
  uid: string;
  title: string;
  panels: Panel[];
};

/** Every metric name packages/telemetry declares (the names are a public surface). */
function declaredMetrics(): Set<string> {
  const text = read('packages/telemetry/src/metrics.ts');
  return new Set([...text.matchAll(/['"](entra_sync_[a-z0-9_]+)['"]/g)].map((m) => m[1] as string));
}
const HISTOGRAM_SUFFIX = /_(bucket|count|sum)$/;

describe('infra/grafana', () => {
  const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));

  it('the dashboard parses, has a stable uid, unique panel ids and panels inside the 24-column grid', () => {
    expect(dashboard.uid).toBe('entra-sync');
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of dashboard.panels) {
      expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
      expect(panel.targets?.length).toBeGreaterThan(0);
    }
  });

  it('every metric the dashboard queries is declared in packages/telemetry/src/metrics.ts', () => {
    const declared = declaredMetrics();
    expect(declared.size).toBeGreaterThan(5);
    const queried = new Set(exprs.flatMap((e) => [...e.matchAll(/entra_sync_[a-z0-9_]+/g)].map((m) => m[0])));
    const unknown = [...queried].filter(
      (name) => !declared.has(name) && !declared.has(name.replace(HISTOGRAM_SUFFIX, '')),
    );
    expect(unknown).toEqual([]);
    expect(queried.size).toBeGreaterThan(5);
  });

  it('covers queue lag, throughput, end-to-end p50/p95/p99, dead letters, Graph 429s and connection health', () => {
    const all = exprs.join('\n');
    expect(all).toContain('entra_sync_queue_oldest_waiting_age_seconds');
    expect(all).toMatch(/rate\(entra_sync_job_duration_seconds_count/);
    for (const q of ['0.5', '0.95', '0.99'])
      expect(all).toContain(
        `histogram_quantile(${q}, sum by (le) (rate(entra_sync_end_to_end_latency_seconds_bucket`,
      );
    expect(all).toContain('entra_sync_dead_letters');
    expect(all).toContain('entra_sync_graph_requests_total{outcome="throttled"}');
    expect(all).toContain('entra_sync_connection_state');
  });

  it('panels use the provisioned Prometheus data source, and the provider loads the mounted dashboards', () => {
    const sources = parse(read('infra/grafana/provisioning/datasources/prometheus.yml')) as {
      datasources: Array<{ uid: string; type: string; url: string }>;
    };
    const [source] = sources.datasources;
    expect(source).toMatchObject({ type: 'prometheus', url: 'http://prometheus:9090' });
    for (const panel of dashboard.panels) {
      expect(panel.datasource?.uid).toBe(source?.uid);
      for (const target of panel.targets ?? []) expect(target.datasource?.uid).toBe(source?.uid);
    }
    const providers = parse(read('infra/grafana/provisioning/dashboards/entra-sync.yml')) as {
      providers: Array<{ type: string; options: { path: string } }>;
    };
    expect(providers.providers[0]).toMatchObject({
      type: 'file',
      options: { path: '/etc/grafana/dashboards' },
    });
  });
});

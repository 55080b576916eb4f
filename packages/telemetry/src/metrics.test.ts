import { createMetrics } from './metrics';

const FLEET_METRICS: [string, string][] = [
  ['entra_sync_notifications_received_total', 'counter'],
  ['entra_sync_http_request_duration_seconds', 'histogram'],
  ['entra_sync_queue_waiting', 'gauge'],
  ['entra_sync_queue_oldest_waiting_age_seconds', 'gauge'],
  ['entra_sync_queue_active', 'gauge'],
  ['entra_sync_dead_letters', 'gauge'],
  ['entra_sync_job_duration_seconds', 'histogram'],
  ['entra_sync_end_to_end_latency_seconds', 'histogram'],
  ['entra_sync_graph_requests_total', 'counter'],
  ['entra_sync_connection_state', 'gauge'],
];

/** The value of one sample, whatever order prom-client prints its labels in. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    const wanted = Object.entries(labels);
    if (wanted.length === Object.keys(found).length && wanted.every(([k, v]) => found[k] === v))
      return Number(match[3]);
  }
  return undefined;
}

describe('metrics', () => {
  it('exposes the fleet metrics and process metrics in Prometheus text format', async () => {
    const metrics = createMetrics({ service: 'receiver' });
    const text = await metrics.text();
    for (const [name, type] of FLEET_METRICS) expect(text).toContain(`# TYPE ${name} ${type}\n`);
    expect(text).toMatch(/^process_cpu_user_seconds_total\{service="receiver"\} /m);
    expect(metrics.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('labels every sample with the service and records outcomes', async () => {
    const metrics = createMetrics({ service: 'worker', defaultMetrics: false });
    metrics.notificationsReceived.inc({ outcome: 'enqueued-user' }, 3);
    metrics.jobDuration.observe({ queue: 'user-sync', job: 'user.changed', outcome: 'completed' }, 0.2);
    metrics.httpRequestDuration.observe({ route: '/graph/notifications', status: '202' }, 0.004);
    const text = await metrics.text();
    expect(
      sample(text, 'entra_sync_notifications_received_total', {
        outcome: 'enqueued-user',
        service: 'worker',
      }),
    ).toBe(3);
    expect(
      sample(text, 'entra_sync_job_duration_seconds_count', {
        queue: 'user-sync',
        job: 'user.changed',
        outcome: 'completed',
        service: 'worker',
      }),
    ).toBe(1);
    expect(
      sample(text, 'entra_sync_http_request_duration_seconds_bucket', {
        le: '0.005',
        route: '/graph/notifications',
        status: '202',
        service: 'worker',
      }),
    ).toBe(1);
  });

  it('S4.1 end-to-end latency buckets span 0.05 s to 300 s, with the three-minute promise as a bucket', async () => {
    const metrics = createMetrics({ service: 'worker', defaultMetrics: false });
    metrics.endToEndLatency.observe(0.8);
    metrics.endToEndLatency.observe(200);
    const text = await metrics.text();
    expect(
      sample(text, 'entra_sync_end_to_end_latency_seconds_bucket', { le: '0.05', service: 'worker' }),
    ).toBe(0);
    expect(sample(text, 'entra_sync_end_to_end_latency_seconds_bucket', { le: '1', service: 'worker' })).toBe(
      1,
    );
    expect(
      sample(text, 'entra_sync_end_to_end_latency_seconds_bucket', { le: '180', service: 'worker' }),
    ).toBe(1);
    expect(
      sample(text, 'entra_sync_end_to_end_latency_seconds_bucket', { le: '300', service: 'worker' }),
    ).toBe(2);
  });

  it('fills the queue gauges from one snapshot per scrape and drops queues that are gone', async () => {
    const metrics = createMetrics({ service: 'admin', defaultMetrics: false });
    let reads = 0;
    let queues = ['user-sync', 'delta'];
    metrics.collectQueues(async () => {
      reads += 1;
      return queues.map((queue, i) => ({
        queue,
        waiting: 10 + i,
        active: 2,
        oldestWaitingAgeSeconds: 4.5,
        deadLetters: i,
        deadLettersDropped: 7 * i,
      }));
    });
    const text = await metrics.text();
    expect(reads).toBe(1);
    expect(sample(text, 'entra_sync_queue_waiting', { queue: 'user-sync', service: 'admin' })).toBe(10);
    expect(sample(text, 'entra_sync_queue_waiting', { queue: 'delta', service: 'admin' })).toBe(11);
    expect(
      sample(text, 'entra_sync_queue_oldest_waiting_age_seconds', { queue: 'user-sync', service: 'admin' }),
    ).toBe(4.5);
    expect(sample(text, 'entra_sync_queue_active', { queue: 'delta', service: 'admin' })).toBe(2);
    expect(sample(text, 'entra_sync_dead_letters', { queue: 'delta', service: 'admin' })).toBe(1);
    // F13: a counter whose value is the count Redis keeps, not what this process happened to see
    expect(text).toContain('# TYPE entra_sync_dead_letters_dropped_total counter');
    expect(sample(text, 'entra_sync_dead_letters_dropped_total', { queue: 'delta', service: 'admin' })).toBe(
      7,
    );
    expect(
      sample(text, 'entra_sync_dead_letters_dropped_total', { queue: 'user-sync', service: 'admin' }),
    ).toBe(0);

    queues = ['user-sync'];
    const next = await metrics.text();
    expect(reads).toBe(2);
    expect(next).not.toContain('queue="delta"');
  });

  it('a failing queue source empties the gauges instead of failing the scrape', async () => {
    const metrics = createMetrics({ service: 'admin', defaultMetrics: false });
    metrics.collectQueues(async () => {
      throw new Error('redis down');
    });
    const text = await metrics.text();
    expect(text).toContain('# TYPE entra_sync_queue_waiting gauge');
    expect(text).not.toMatch(/^entra_sync_queue_waiting\{/m);
  });

  it('counts Graph requests by outcome from a cumulative source, monotonically', async () => {
    const metrics = createMetrics({ service: 'worker', defaultMetrics: false });
    let counts = { ok: 5, throttled: 2 };
    metrics.collectGraphRequests(() => counts);
    metrics.graphRequests.inc({ outcome: 'ok' });
    expect(
      sample(await metrics.text(), 'entra_sync_graph_requests_total', { outcome: 'ok', service: 'worker' }),
    ).toBe(6);
    counts = { ok: 7, throttled: 2 };
    const text = await metrics.text();
    expect(sample(text, 'entra_sync_graph_requests_total', { outcome: 'ok', service: 'worker' })).toBe(8);
    expect(sample(text, 'entra_sync_graph_requests_total', { outcome: 'throttled', service: 'worker' })).toBe(
      2,
    );
  });

  it('S7.3 reports each connection state one-hot', async () => {
    const metrics = createMetrics({ service: 'worker', defaultMetrics: false });
    metrics.setConnectionState('c1', 'failing');
    let text = await metrics.text();
    expect(
      sample(text, 'entra_sync_connection_state', { connection: 'c1', state: 'failing', service: 'worker' }),
    ).toBe(1);
    expect(
      sample(text, 'entra_sync_connection_state', {
        connection: 'c1',
        state: 'connected',
        service: 'worker',
      }),
    ).toBe(0);

    metrics.collectConnections(async () => [{ connection: 'c2', state: 'connected' }]);
    text = await metrics.text();
    expect(text).not.toContain('connection="c1"');
    expect(
      sample(text, 'entra_sync_connection_state', {
        connection: 'c2',
        state: 'connected',
        service: 'worker',
      }),
    ).toBe(1);
  });
});

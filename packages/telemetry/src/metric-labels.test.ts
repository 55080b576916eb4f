import { createMetrics } from './metrics';

/**
 * Issue 15 item 7: label values reach every scraper, dashboard and long-term store. The fleet's own metrics may
 * only carry these labels, none of which can hold a customer's name (`connection` is the connection's id).
 */
const ALLOWED_LABELS: Record<string, string> = {
  queue: 'catalog queue name',
  job: 'catalog job name',
  outcome: 'a fixed outcome word',
  state: 'a connection state',
  connection: 'the connection id (a uuid)',
  route: "the route's pattern, not the requested URL",
  status: 'an HTTP status code',
};

describe("metric labels carry no customer data (the fleet's own metrics)", () => {
  it('every entra_sync_* metric uses only the allowed labels', async () => {
    const metrics = createMetrics({ service: 'worker', defaultMetrics: false });
    const own = (await metrics.registry.getMetricsAsJSON()).filter((m) => m.name.startsWith('entra_sync_'));
    expect(own.length).toBeGreaterThanOrEqual(9);
    const labels = new Map<string, string[]>();
    for (const metric of metrics.registry.getMetricsAsArray()) {
      const names = (metric as unknown as { labelNames: string[] }).labelNames;
      labels.set(metric.name, names);
    }
    const offending = [...labels].filter(([, names]) => names.some((name) => !(name in ALLOWED_LABELS)));
    expect(offending).toEqual([]);
  });

  it('setConnectionState labels the series with the id it is given', async () => {
    const metrics = createMetrics({ service: 'worker', defaultMetrics: false });
    metrics.setConnectionState('6d0c0000-0000-4000-8000-000000000001', 'failing');
    const text = await metrics.text();
    expect(text).toContain('connection="6d0c0000-0000-4000-8000-000000000001",state="failing"');
  });
});

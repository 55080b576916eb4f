import type { BenchPlan } from './plan';
import type { Samples } from './run';
import { spread, type Spread } from './stats';

export interface Row {
  scenario: string;
  figure: string;
  unit: string;
  spread: Spread;
  target: string;
  /** null: no target for this figure */
  met: boolean | null;
  /** the figure against the limit measured in the same run */
  ratio?: string;
}

interface RowSpec {
  scenario: string;
  figure: string;
  key: string;
  unit: string;
  target?: { text: string; ok: (median: number) => boolean };
  ratio?: (median: number, m: (key: string) => number) => string;
}

const atMost = (limit: number, text: string) => ({ text, ok: (v: number) => v <= limit });
const atLeast = (limit: number, text: string) => ({ text, ok: (v: number) => v >= limit });
const pct = (v: number) => `${Math.round(v * 100)} %`;

function specs(plan: BenchPlan): RowSpec[] {
  const rows: RowSpec[] = [];
  const top = plan.initialSizes[plan.initialSizes.length - 1] as number;
  for (const users of plan.initialSizes) {
    const k = `initial.${users}`;
    const n = users.toLocaleString('en');
    rows.push(
      {
        scenario: `1 initial sync ${n}`,
        figure: 'time to fully synced',
        key: `${k}.seconds`,
        unit: 's',
        ...(users === 100_000 ? { target: atMost(30, '≤ 30 s') } : {}),
      },
      {
        scenario: `1 initial sync ${n}`,
        figure: 'users/s',
        key: `${k}.usersPerSecond`,
        unit: 'users/s',
        ...(users === 100_000 ? { target: atLeast(3300, '≥ 3,300') } : {}),
        ratio: (v, m) => `${pct(v / m('limit.rawPg.1.usersPerSecond'))} of raw PG (1 stream)`,
      },
      {
        scenario: `1 initial sync ${n}`,
        figure: 'full sync run alone',
        key: `${k}.fullSyncSeconds`,
        unit: 's',
      },
      {
        scenario: `1 initial sync ${n}`,
        figure: 'Graph requests',
        key: `${k}.graphRequests`,
        unit: 'requests',
        ...(users === 100_000 ? { target: atMost(2000, '≤ 2,000') } : {}),
      },
      {
        scenario: `1 initial sync ${n}`,
        figure: 'Graph resource units (estimate)',
        key: `${k}.resourceUnits`,
        unit: 'RU',
        ratio: (v) => `${(v / 3500).toFixed(2)}× one 10 s budget (3,500 RU)`,
      },
      {
        scenario: `1 initial sync ${n}`,
        figure: 'worker peak RSS',
        key: `${k}.workerPeakRssMb`,
        unit: 'MB',
        ...(users === 100_000 ? { target: atMost(300, '≤ 300 MB') } : {}),
      },
      {
        scenario: `1 initial sync ${n}`,
        figure: 'receiver peak RSS',
        key: `${k}.receiverPeakRssMb`,
        unit: 'MB',
        target: atMost(150, '≤ 150 MB'),
      },
    );
  }
  if (plan.initialSizes.length > 1) {
    const from = plan.initialSizes[plan.initialSizes.length - 2] as number;
    rows.push({
      scenario: `1 initial sync`,
      figure: `cost per user, ${top.toLocaleString('en')} vs ${from.toLocaleString('en')}`,
      key: `flat.${from}.${top}`,
      unit: 'ratio',
      target: { text: '0.75–1.25', ok: (v) => v >= 0.75 && v <= 1.25 },
    });
  }
  rows.push(
    { scenario: '2 steady changes', figure: 'changes/s achieved', key: 'steady.rate', unit: '/s' },
    {
      scenario: '2 steady changes',
      figure: 'end-to-end p50',
      key: 'steady.p50Ms',
      unit: 'ms',
      target: atMost(250, '≤ 250 ms'),
    },
    { scenario: '2 steady changes', figure: 'end-to-end p95', key: 'steady.p95Ms', unit: 'ms' },
    {
      scenario: '2 steady changes',
      figure: 'end-to-end p99',
      key: 'steady.p99Ms',
      unit: 'ms',
      target: atMost(1000, '≤ 1 s'),
    },
    { scenario: '2 steady changes', figure: 'end-to-end max', key: 'steady.maxMs', unit: 'ms' },
    {
      scenario: '2 steady changes',
      figure: 'changes lost',
      key: 'steady.lost',
      unit: '',
      target: atMost(0, '0'),
    },
    { scenario: '3 burst', figure: 'receiver response p50', key: 'burst.receiverP50Ms', unit: 'ms' },
    {
      scenario: '3 burst',
      figure: 'receiver response p99',
      key: 'burst.receiverP99Ms',
      unit: 'ms',
      target: atMost(100, '≤ 100 ms'),
    },
    { scenario: '3 burst', figure: 'receiver response max', key: 'burst.receiverMaxMs', unit: 'ms' },
    {
      scenario: '3 burst',
      figure: 'answers not 2xx',
      key: 'burst.receiverRejected',
      unit: '',
      target: atMost(0, '0'),
    },
    {
      scenario: '3 burst',
      figure: 'all applied after',
      key: 'burst.allAppliedSeconds',
      unit: 's',
      target: atMost(30, '≤ 30 s'),
    },
    {
      scenario: '3 burst',
      figure: 'notifications lost',
      key: 'burst.lost',
      unit: '',
      target: atMost(0, '0'),
    },
    {
      scenario: '3 burst',
      figure: 'duplicates created',
      key: 'burst.duplicates',
      unit: '',
      target: atMost(0, '0'),
    },
    {
      scenario: '3 receiver capacity',
      figure: 'accepted while the workers apply',
      key: 'capacity.receiverWhileApplyingPerSecond',
      unit: 'req/s',
    },
    {
      scenario: '3 receiver capacity',
      figure: 'accepted with durable enqueue, workers paused',
      key: 'capacity.receiverPerSecond',
      unit: 'req/s',
      ratio: (v, m) => `${pct(v / m('limit.bullmq.addPerSecond'))} of raw BullMQ add`,
    },
    {
      scenario: '3 receiver capacity',
      figure: "connections at the receiver's peak",
      key: 'capacity.receiverConnections',
      unit: 'connections',
    },
    {
      scenario: '3 receiver capacity',
      figure: 'receiver / bare node:http',
      key: 'capacity.ratio',
      unit: 'ratio',
      target: atLeast(0.5, '≥ 0.50'),
    },
    {
      scenario: '3 receiver capacity',
      figure: 'receiver peak RSS',
      key: 'changes.receiverPeakRssMb',
      unit: 'MB',
      target: atMost(150, '≤ 150 MB'),
    },
    { scenario: '4 backstop', figure: 'latency p50', key: 'backstop.p50Ms', unit: 'ms' },
    {
      scenario: '4 backstop',
      figure: 'latency p99',
      key: 'backstop.p99Ms',
      unit: 'ms',
      target: atMost(
        (plan.backstop.deltaIntervalSeconds + 10) * 1000,
        `≤ ${(plan.backstop.deltaIntervalSeconds + 10) * 1000} ms (interval ${plan.backstop.deltaIntervalSeconds} s + 10 s)`,
      ),
    },
    { scenario: '4 backstop', figure: 'latency max', key: 'backstop.maxMs', unit: 'ms' },
    {
      scenario: '4 backstop',
      figure: 'changes lost',
      key: 'backstop.lost',
      unit: '',
      target: atMost(0, '0'),
    },
    {
      scenario: `5 throttled ${plan.throttled.users.toLocaleString('en')}`,
      figure: 'time to fully synced',
      key: 'throttled.seconds',
      unit: 's',
      ratio: (v, m) => `${(v / m(`initial.${plan.throttled.users}.seconds`)).toFixed(1)}× unthrottled`,
    },
    {
      scenario: `5 throttled ${plan.throttled.users.toLocaleString('en')}`,
      figure: 'Graph calls answered 429',
      key: 'throttled.throttled',
      unit: '',
    },
    {
      scenario: `5 throttled ${plan.throttled.users.toLocaleString('en')}`,
      figure: 'dead letters',
      key: 'throttled.deadLetters',
      unit: '',
      target: atMost(0, '0'),
    },
  );
  const flood = `7 flood ${plan.flood.forged.toLocaleString('en')} forged`;
  rows.push(
    {
      scenario: flood,
      figure: 'Postgres reads of subscriptions',
      key: 'flood.subscriptionReads',
      unit: 'queries',
      target: {
        text: `≤ 1 per distinct unknown id per minute (${plan.flood.distinctUnknown.toLocaleString('en')} ids + 2 real)`,
        ok: (v) =>
          v <=
          (plan.flood.distinctUnknown + 2) * Math.ceil(plan.flood.forged / plan.flood.forgedPerSecond / 60),
      },
    },
    { scenario: flood, figure: 'forged requests/s achieved', key: 'flood.forgedPerSecond', unit: '/s' },
    { scenario: flood, figure: 'forged answered 202 (dropped)', key: 'flood.forgedAccepted', unit: '' },
    { scenario: flood, figure: 'forged answered 429 (rate limit)', key: 'flood.forgedRateLimited', unit: '' },
    {
      scenario: flood,
      figure: 'forged answered otherwise',
      key: 'flood.forgedOther',
      unit: '',
      target: atMost(0, '0'),
    },
    { scenario: flood, figure: 'real changes: end-to-end p50', key: 'flood.real.p50Ms', unit: 'ms' },
    {
      scenario: flood,
      figure: 'real changes: end-to-end p99',
      key: 'flood.real.p99Ms',
      unit: 'ms',
      target: atMost(1000, '< 1 s'),
      ratio: (v, m) => `${(v / m('flood.calm.p99Ms')).toFixed(2)}× without the flood`,
    },
    {
      scenario: flood,
      figure: 'real changes without the flood: p99',
      key: 'flood.calm.p99Ms',
      unit: 'ms',
    },
    {
      scenario: flood,
      figure: 'real changes lost',
      key: 'flood.real.lost',
      unit: '',
      target: atMost(0, '0'),
    },
  );
  for (const workers of plan.scaling.workers) {
    rows.push({
      scenario: `6 scaling ${plan.scaling.users.toLocaleString('en')}`,
      figure: `${workers} worker process${workers > 1 ? 'es' : ''}: users/s`,
      key: `scaling.${workers}.usersPerSecond`,
      unit: 'users/s',
      ratio: (v, m) => `${(v / m('scaling.1.usersPerSecond')).toFixed(2)}× one worker`,
    });
  }
  rows.push(
    {
      scenario: 'limit',
      figure: 'raw PG batched upsert, 1 stream',
      key: 'limit.rawPg.1.usersPerSecond',
      unit: 'users/s',
    },
    {
      scenario: 'limit',
      figure: 'raw PG batched upsert, 1 stream',
      key: 'limit.rawPg.1.rowsPerSecond',
      unit: 'rows/s',
    },
    {
      scenario: 'limit',
      figure: 'raw PG batched upsert, 2 streams',
      key: 'limit.rawPg.2.usersPerSecond',
      unit: 'users/s',
    },
    { scenario: 'limit', figure: 'raw BullMQ add', key: 'limit.bullmq.addPerSecond', unit: 'jobs/s' },
    {
      scenario: 'limit',
      figure: 'raw BullMQ process (no-op)',
      key: 'limit.bullmq.processPerSecond',
      unit: 'jobs/s',
    },
    { scenario: 'limit', figure: 'bare node:http accept', key: 'capacity.bareHttpPerSecond', unit: 'req/s' },
    {
      scenario: 'limit',
      figure: "connections at bare node:http's peak",
      key: 'capacity.bareHttpConnections',
      unit: 'connections',
    },
  );
  return rows;
}

export function buildRows(plan: BenchPlan, samples: Samples): Row[] {
  // cost per user must stay flat: ms/user of the largest size over the next smaller one, run by run
  if (plan.initialSizes.length > 1) {
    const top = plan.initialSizes[plan.initialSizes.length - 1] as number;
    const from = plan.initialSizes[plan.initialSizes.length - 2] as number;
    const a = samples.get(`initial.${top}.msPerUser`);
    const b = samples.get(`initial.${from}.msPerUser`);
    a.forEach((v, i) => samples.add(`flat.${from}.${top}`, v / (b[i] ?? Number.NaN)));
  }
  const median = (key: string) => spread(samples.get(key)).median;
  return specs(plan)
    .filter((s) => samples.get(s.key).length > 0)
    .map((s) => {
      const sp = spread(samples.get(s.key));
      return {
        scenario: s.scenario,
        figure: s.figure,
        unit: s.unit,
        spread: sp,
        target: s.target?.text ?? '',
        met: s.target ? s.target.ok(sp.median) : null,
        ...(s.ratio ? { ratio: ratioText(s.ratio(sp.median, median)) } : {}),
      };
    });
}

/** A ratio against a limit that was not measured (`--only`) reads as nothing, not as "NaN %". */
const ratioText = (text: string) => (/NaN|Infinity/.test(text) ? '' : text);

const fmt = (v: number) =>
  !Number.isFinite(v)
    ? '–'
    : Math.abs(v) >= 100
      ? Math.round(v).toLocaleString('en')
      : Number(v.toPrecision(3)).toString();

export function markdownTable(rows: Row[]): string {
  const lines = [
    '| scenario | figure | median | spread (min–max) | unit | target | met | against the limit |',
    '|---|---|---:|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const range =
      r.spread.runs > 1 ? `${fmt(r.spread.min)}–${fmt(r.spread.max)} (${r.spread.runs} runs)` : '1 run';
    const met = r.met === null ? '' : r.met ? 'yes' : '**no**';
    lines.push(
      `| ${r.scenario} | ${r.figure} | ${fmt(r.spread.median)} | ${range} | ${r.unit} | ${r.target} | ${met} | ${r.ratio ?? ''} |`,
    );
  }
  return lines.join('\n');
}

import { randomBytes } from 'node:crypto';
import { REDIS_URL } from './infra/stack';
import { bullmqRate } from './limits/bullmq-rate';
import { rawPostgresRate } from './limits/raw-upsert';
import type { BenchPlan, Section } from './plan';
import { receiverCapacity } from './scenarios/capacity';
import { backstopChanges, burst, steadyChanges } from './scenarios/changes';
import { flood } from './scenarios/flood';
import { syncedStack, type InitialSyncFigures } from './scenarios/synced-stack';

/** Every figure of every run, by key (`initial.100000.usersPerSecond`), plus notes on the runs. */
export class Samples {
  readonly values = new Map<string, number[]>();
  readonly notes: string[] = [];
  add(key: string, value: number | null | undefined): void {
    if (value === null || value === undefined) return;
    const list = this.values.get(key) ?? [];
    list.push(value);
    this.values.set(key, list);
  }
  get(key: string): number[] {
    return this.values.get(key) ?? [];
  }
}

type Log = (line: string) => void;

function addInitial(samples: Samples, key: string, f: InitialSyncFigures): void {
  samples.add(`${key}.seconds`, f.seconds);
  samples.add(`${key}.fullSyncSeconds`, f.fullSyncSeconds);
  samples.add(`${key}.usersPerSecond`, f.usersPerSecond);
  samples.add(`${key}.msPerUser`, (f.seconds * 1000) / f.users);
  samples.add(`${key}.graphRequests`, f.graph.graphRequests);
  samples.add(`${key}.resourceUnits`, f.graph.resourceUnits);
  samples.add(`${key}.throttled`, f.graph.byStatus['429'] ?? 0);
  samples.add(`${key}.workerPeakRssMb`, Math.max(...f.peakRss.workersMb.map((m) => m ?? 0)));
  samples.add(`${key}.receiverPeakRssMb`, f.peakRss.receiverMb);
  samples.add(`${key}.deadLetters`, f.deadLetters);
  samples.add(`${key}.linked`, f.linked);
}

export async function runPlan(plan: BenchPlan, logLevel: string, log: Log): Promise<Samples> {
  const samples = new Samples();
  const base = { logLevel, deltaIntervalSeconds: plan.quietDeltaSeconds };
  for (let run = 1; run <= plan.runs; run++) {
    const tag = `run ${run}/${plan.runs}`;

    const on = (section: Section) => plan.sections.includes(section);
    if (on('limits')) {
      log(`${tag}: limits (raw Postgres upsert, raw BullMQ)`);
      for (const streams of [1, 2]) {
        const raw = await rawPostgresRate({ users: plan.limits.rawUsers, streams });
        samples.add(`limit.rawPg.${streams}.usersPerSecond`, raw.usersPerSecond);
        samples.add(`limit.rawPg.${streams}.rowsPerSecond`, raw.rowsPerSecond);
      }
      const mq = await bullmqRate({
        redisUrl: REDIS_URL,
        prefix: `bench-limit-${randomBytes(4).toString('hex')}`,
        jobs: plan.limits.bullmqJobs,
        concurrency: 16,
      });
      samples.add('limit.bullmq.addPerSecond', mq.addPerSecond);
      samples.add('limit.bullmq.processPerSecond', mq.processPerSecond);
    }

    for (const users of on('initial') ? plan.initialSizes : []) {
      log(`${tag}: initial sync of ${users.toLocaleString('en')} users, 1 worker`);
      const s = await syncedStack({ ...base, users, workers: 1, seed: `bench-${users}` });
      await s.stack.close();
      addInitial(samples, `initial.${users}`, s.initial);
      if (users === plan.scaling.users) addInitial(samples, `scaling.1`, s.initial);
    }

    for (const workers of on('scaling') ? plan.scaling.workers : []) {
      if (workers === 1 && on('initial') && plan.initialSizes.includes(plan.scaling.users)) continue;
      log(
        `${tag}: initial sync of ${plan.scaling.users.toLocaleString('en')} users, ${workers} worker process${workers > 1 ? 'es' : ''}`,
      );
      const s = await syncedStack({
        ...base,
        users: plan.scaling.users,
        workers,
        seed: `bench-${plan.scaling.users}`,
      });
      await s.stack.close();
      addInitial(samples, `scaling.${workers}`, s.initial);
    }

    if (on('changes')) {
      log(
        `${tag}: steady changes, burst and receiver capacity (${plan.steady.users.toLocaleString('en')} users)`,
      );
      {
        const s = await syncedStack({ ...base, users: plan.steady.users, workers: 1, seed: 'bench-changes' });
        try {
          const steady = await steadyChanges(s, plan.steady.changes, plan.steady.ratePerSecond);
          for (const [k, v] of Object.entries(steady)) samples.add(`steady.${k}`, v);
          log(`  steady: p50 ${steady.p50Ms} ms, p99 ${steady.p99Ms} ms, ${steady.lost} lost`);
          const b = await burst(s, plan.burst.notifications, plan.burst.windowSeconds);
          for (const [k, v] of Object.entries(b)) samples.add(`burst.${k}`, v);
          log(
            `  burst: receiver p99 ${Math.round(b.receiverP99Ms)} ms, all applied in ${b.allAppliedSeconds.toFixed(1)} s`,
          );
          const capacity = await receiverCapacity(s, plan.capacitySeconds * 1000, plan.capacityConnections);
          for (const [k, v] of Object.entries(capacity)) samples.add(`capacity.${k}`, v);
          samples.add('changes.receiverPeakRssMb', s.stack.peakRss().receiverMb);
          samples.add('changes.deadLetters', await s.stack.deadLetters());
        } finally {
          await s.stack.close();
        }
      }
    }
    if (on('backstop')) {
      log(
        `${tag}: backstop (notifications dropped, DELTA_INTERVAL_SECONDS=${plan.backstop.deltaIntervalSeconds})`,
      );
      {
        const s = await syncedStack({
          logLevel,
          deltaIntervalSeconds: plan.backstop.deltaIntervalSeconds,
          users: plan.backstop.users,
          workers: 1,
          seed: 'bench-backstop',
        });
        try {
          const { changes, ratePerSecond, deltaIntervalSeconds } = plan.backstop;
          const b = await backstopChanges(s, changes, ratePerSecond, deltaIntervalSeconds);
          for (const [k, v] of Object.entries(b)) samples.add(`backstop.${k}`, v);
        } finally {
          await s.stack.close();
        }
      }
    }
    if (on('throttled')) {
      log(
        `${tag}: throttled initial sync (${Math.round(plan.throttled.share * 100)} % of Graph calls answered 429)`,
      );
      {
        const { users, share, retryAfterSeconds } = plan.throttled;
        const s = await syncedStack({
          ...base,
          users,
          workers: 1,
          seed: `bench-throttled`,
          faults: { throttle: { share, retryAfterSeconds } },
        });
        await s.stack.close();
        addInitial(samples, 'throttled', s.initial);
      }
    }
    if (on('flood')) {
      const { users, ...floodPlan } = plan.flood;
      log(
        `${tag}: flood (${floodPlan.forged.toLocaleString('en')} forged notifications from another address while ${floodPlan.realChanges.toLocaleString('en')} real changes flow)`,
      );
      const s = await syncedStack({ ...base, users, workers: 1, seed: 'bench-flood' });
      try {
        const f = await flood(s, floodPlan);
        const { real, calm, ...rest } = f;
        for (const [k, v] of Object.entries(rest)) samples.add(`flood.${k}`, v);
        for (const [k, v] of Object.entries(real)) samples.add(`flood.real.${k}`, v);
        for (const [k, v] of Object.entries(calm)) samples.add(`flood.calm.${k}`, v);
        log(
          `  flood: ${f.subscriptionReads} subscription reads (≤ ${f.readsAllowed} allowed), forged ${Math.round(f.forgedPerSecond)}/s answered 202 ×${f.forgedAccepted}, 429 ×${f.forgedRateLimited}; real p99 ${real.p99Ms} ms (${calm.p99Ms} ms without the flood), ${real.lost} lost`,
        );
      } finally {
        await s.stack.close();
      }
    }
  }
  return samples;
}

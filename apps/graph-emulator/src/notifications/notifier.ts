import { randomUUID } from 'node:crypto';
import type { EmulatorState } from '../state/emulator-state';
import type { ChangeEvent, EmuSubscription } from '../state/types';
import { changeNotification, matches, type ChangeNotification } from './notification-payload';

export interface NotifierOptions {
  /** Graph's HTTP client gives a receiver 3 s */
  timeoutMs: number;
  /** waits before each redelivery of a failed POST (Graph retries for up to 4 hours) */
  retryDelaysMs: number[];
  /** changes within this window go out in one POST per subscription */
  batchWindowMs: number;
  maxBatch: number;
  /** Graph waits 10 s for the validationToken echo */
  validationTimeoutMs: number;
}

type Outcome = {
  status: number | null;
  durationMs: number;
  error: string | null;
  body: string;
  contentType: string;
};

/** Delivers change notifications and lifecycle events and runs the validationToken handshake; records every POST. */
export class Notifier {
  private readonly queues = new Map<
    string,
    { sub: EmuSubscription; items: ChangeNotification[]; timer: NodeJS.Timeout | null }
  >();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  /** deliveries (from their flush until the outcome is recorded and any redelivery scheduled) and handshakes */
  private busy = 0;
  private closed = false;

  constructor(
    private readonly state: EmulatorState,
    private readonly options: NotifierOptions,
    private readonly now: () => Date = () => new Date(),
  ) {
    state.changeListener = (event) => this.onChange(event);
  }

  /**
   * What is still on its way: batches waiting for their window or a redelivery, deliveries and handshakes in
   * flight. 0 means every change so far has been answered by its receiver (or dropped), and nothing is scheduled.
   */
  pending(): number {
    return this.timers.size + this.busy;
  }

  onChange(event: ChangeEvent): void {
    const tenant = this.state.tenants.get(event.tenantId);
    if (!tenant || this.closed) return;
    for (const sub of tenant.subscriptions.values()) {
      if (!matches(sub, event, this.now())) continue;
      let queue = this.queues.get(sub.id);
      if (!queue) this.queues.set(sub.id, (queue = { sub, items: [], timer: null }));
      queue.sub = sub;
      queue.items.push(changeNotification(sub, event));
      if (!queue.timer) queue.timer = this.schedule(() => this.flush(sub.id), this.options.batchWindowMs);
    }
  }

  /** POST ?validationToken=… (text/plain); the receiver must echo it as text/plain with 200 within 10 s. */
  async validate(tenantId: string, url: string): Promise<{ ok: true } | { ok: false; message: string }> {
    const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
    const target = `${url}${url.includes('?') ? '&' : '?'}validationToken=${encodeURIComponent(token)}`;
    const outcome = await this.tracked(() =>
      this.post(target, '', 'text/plain; charset=utf-8', this.options.validationTimeoutMs),
    );
    this.state.recordDelivery({
      kind: 'validation',
      tenantId,
      subscriptionId: null,
      url,
      attempt: 1,
      notifications: [],
      dropped: false,
      ...pick(outcome),
    });
    if (outcome.status === null)
      return {
        ok: false,
        message: `Subscription validation request failed. ${outcome.error ?? 'No response'}.`,
      };
    if (outcome.status !== 200)
      return {
        ok: false,
        message: `Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request (got ${outcome.status}).`,
      };
    if (!outcome.contentType.startsWith('text/plain'))
      return {
        ok: false,
        message: 'Subscription validation request failed. The response must have Content-Type text/plain.',
      };
    if (outcome.body !== token)
      return {
        ok: false,
        message:
          'Subscription validation request failed. Response must exactly match validationToken query parameter.',
      };
    return { ok: true };
  }

  async lifecycle(sub: EmuSubscription, lifecycleEvent: 'reauthorizationRequired'): Promise<number | null> {
    if (!sub.lifecycleNotificationUrl) return null;
    const payload = {
      value: [
        {
          subscriptionId: sub.id,
          subscriptionExpirationDateTime: sub.expirationDateTime,
          tenantId: sub.tenantId,
          clientState: sub.clientState,
          lifecycleEvent,
        },
      ],
    };
    const url = sub.lifecycleNotificationUrl;
    const outcome = await this.tracked(() =>
      this.post(url, JSON.stringify(payload), 'application/json; charset=utf-8', this.options.timeoutMs),
    );
    this.state.recordDelivery({
      kind: 'lifecycle',
      tenantId: sub.tenantId,
      subscriptionId: sub.id,
      url: sub.lifecycleNotificationUrl,
      attempt: 1,
      notifications: [],
      dropped: false,
      ...pick(outcome),
    });
    return outcome.status;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.inFlight) controller.abort();
    this.queues.clear();
  }

  private flush(subscriptionId: string): void {
    const queue = this.queues.get(subscriptionId);
    if (!queue) return;
    queue.timer = null;
    const batch = queue.items.splice(0, this.options.maxBatch);
    if (queue.items.length > 0) queue.timer = this.schedule(() => this.flush(subscriptionId), 0);
    else this.queues.delete(subscriptionId);
    if (batch.length > 0) void this.deliver(queue.sub, batch, 1);
  }

  private deliver(sub: EmuSubscription, batch: ChangeNotification[], attempt: number): Promise<void> {
    return this.tracked(() => this.attempt(sub, batch, attempt));
  }

  /** Counts `work` as pending from this call until it settles (see pending()). */
  private async tracked<T>(work: () => Promise<T>): Promise<T> {
    this.busy += 1;
    try {
      return await work();
    } finally {
      this.busy -= 1;
    }
  }

  private async attempt(sub: EmuSubscription, batch: ChangeNotification[], attempt: number): Promise<void> {
    const summary = batch.map((n) => ({ changeType: n.changeType, resourceId: n.resourceData.id }));
    const base = {
      kind: 'notification' as const,
      tenantId: sub.tenantId,
      subscriptionId: sub.id,
      url: sub.notificationUrl,
      attempt,
      notifications: summary,
    };
    if (this.state.dropNotifications) {
      this.state.recordDelivery({
        ...base,
        status: null,
        durationMs: 0,
        dropped: true,
        error: 'dropped by the emulator',
      });
      return;
    }
    const outcome = await this.post(
      sub.notificationUrl,
      JSON.stringify({ value: batch }),
      'application/json; charset=utf-8',
      this.options.timeoutMs,
    );
    if (this.closed) return;
    this.state.recordDelivery({ ...base, dropped: false, ...pick(outcome) });
    const ok = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
    const delay = this.options.retryDelaysMs[attempt - 1];
    if (!ok && delay !== undefined) this.schedule(() => void this.deliver(sub, batch, attempt + 1), delay);
  }

  private async post(url: string, body: string, contentType: string, timeoutMs: number): Promise<Outcome> {
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timer = setTimeout(
      () => controller.abort(new Error(`no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const started = performance.now();
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
        signal: controller.signal,
      });
      const text = await res.text();
      const type = (res.headers.get('content-type') ?? '').toLowerCase();
      return {
        status: res.status,
        durationMs: performance.now() - started,
        error: null,
        body: text,
        contentType: type,
      };
    } catch (err) {
      const reason = controller.signal.aborted
        ? String((controller.signal.reason as Error)?.message ?? 'aborted')
        : describe(err);
      return {
        status: null,
        durationMs: performance.now() - started,
        error: reason,
        body: '',
        contentType: '',
      };
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(controller);
    }
  }

  private schedule(work: () => void, delayMs: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) work();
    }, delayMs);
    this.timers.add(timer);
    return timer;
  }
}

function pick(outcome: Outcome): { status: number | null; durationMs: number; error: string | null } {
  return {
    status: outcome.status,
    durationMs: Math.round(outcome.durationMs * 10) / 10,
    error: outcome.error,
  };
}

function describe(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}

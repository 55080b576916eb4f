import { GraphHttpError } from '../graph/graph-http';
import type { EmulatorState, FaultConfig } from '../state/emulator-state';

/**
 * Injects the configured faults. A share is applied deterministically (every 1/share-th request), so a test
 * asking for 50 % throttling gets exactly every second request throttled; `limit` caps how many are injected.
 */
export class FaultInjector {
  private seen = { throttle: 0, unavailable: 0 };

  constructor(private readonly state: EmulatorState) {}

  configure(config: FaultConfig | null): void {
    this.state.faults = config;
    this.seen = { throttle: 0, unavailable: 0 };
  }

  latencyMs(tenantId: string | null): number {
    const faults = this.applicable(tenantId);
    return faults?.latencyMs ?? 0;
  }

  /** The error to answer instead of the real response, if any. */
  next(tenantId: string | null): GraphHttpError | null {
    const faults = this.applicable(tenantId);
    if (!faults) return null;
    if (faults.throttle && this.hit('throttle', faults.throttle)) {
      const seconds = String(faults.throttle.retryAfterSeconds);
      return new GraphHttpError(429, 'TooManyRequests', 'Too many requests.', { 'retry-after': seconds });
    }
    if (faults.unavailable && this.hit('unavailable', faults.unavailable)) {
      const headers: Record<string, string> =
        faults.unavailable.retryAfterSeconds === undefined
          ? {}
          : { 'retry-after': String(faults.unavailable.retryAfterSeconds) };
      return new GraphHttpError(
        503,
        'serviceNotAvailable',
        'Service unavailable. Please try again later.',
        headers,
      );
    }
    return null;
  }

  private applicable(tenantId: string | null): FaultConfig | null {
    const faults = this.state.faults;
    if (!faults) return null;
    if (faults.tenantId && faults.tenantId !== tenantId) return null;
    return faults;
  }

  private hit(kind: 'throttle' | 'unavailable', fault: { share: number; limit?: number }): boolean {
    if (fault.limit !== undefined && fault.limit <= 0) return false;
    const n = this.seen[kind]++;
    const share = Math.min(Math.max(fault.share, 0), 1);
    const inject = Math.floor((n + 1) * share) > Math.floor(n * share);
    if (inject && fault.limit !== undefined) fault.limit--;
    return inject;
  }
}

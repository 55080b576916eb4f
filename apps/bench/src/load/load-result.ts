export interface LoadResult {
  /** requests started */
  sent: number;
  /** answered 2xx */
  ok: number;
  /** answered otherwise, or not answered (status 'error') */
  failed: number;
  /** status code (or 'error') → count */
  statuses: Record<string, number>;
  /** one per completed request, in completion order */
  latenciesMs: number[];
  /** wall time from the first request to the last answer */
  seconds: number;
  /** completed requests (ok + failed) per second */
  ratePerSecond: number;
  /** 2xx answers per second */
  okPerSecond: number;
}

export class LoadTally {
  sent = 0;
  private ok = 0;
  private failed = 0;
  private readonly statuses: Record<string, number> = {};
  private readonly latenciesMs: number[] = [];

  record(status: string, latencyMs: number): void {
    this.statuses[status] = (this.statuses[status] ?? 0) + 1;
    if (/^2\d\d$/.test(status)) this.ok++;
    else this.failed++;
    this.latenciesMs.push(latencyMs);
  }

  result(seconds: number): LoadResult {
    const completed = this.ok + this.failed;
    return {
      sent: this.sent,
      ok: this.ok,
      failed: this.failed,
      statuses: { ...this.statuses },
      latenciesMs: [...this.latenciesMs],
      seconds,
      ratePerSecond: seconds > 0 ? completed / seconds : 0,
      okPerSecond: seconds > 0 ? this.ok / seconds : 0,
    };
  }
}

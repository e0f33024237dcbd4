/**
 * Fixed windows per key in this process's memory: the limits when no Redis is configured.
 *
 * Hand-written rather than rate-limiter-flexible's RateLimiterMemory (which still serves as the
 * insurance limiter behind Redis): that one builds a promise, a result object and a timer per new
 * key on every take, and the session route takes three limits per request; this is a Map lookup
 * and an integer (measured with `pnpm bench mint`, CPU per request). Same semantics: a window
 * starts at a key's first point and lasts `durationMs`; points taken past the limit still count;
 * `reward` gives one back.
 */
export interface WindowState {
  /** Points taken in the current window, this one included. */
  taken: number;
  /** Milliseconds until the window ends. */
  msBeforeNext: number;
}

export class MemoryWindows {
  private readonly windows = new Map<string, { taken: number; resetAt: number }>();
  private sweepAt = 0;

  constructor(
    private readonly durationMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  take(key: string): WindowState {
    const now = this.now();
    if (now >= this.sweepAt) this.sweep(now);
    let w = this.windows.get(key);
    if (!w || now >= w.resetAt) {
      w = { taken: 0, resetAt: now + this.durationMs };
      this.windows.set(key, w);
    }
    w.taken++;
    return { taken: w.taken, msBeforeNext: w.resetAt - now };
  }

  reward(key: string): void {
    const w = this.windows.get(key);
    if (w && w.taken > 0) w.taken--;
  }

  /** Forget ended windows, at most once per window length (keys of one-off clients would pile up). */
  private sweep(now: number) {
    for (const [key, w] of this.windows) if (now >= w.resetAt) this.windows.delete(key);
    this.sweepAt = now + this.durationMs;
  }
}

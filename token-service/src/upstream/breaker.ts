/**
 * A circuit breaker for the upstream. After `failureThreshold` consecutive failures it opens: calls
 * fail at once (503 with Retry-After) instead of piling up on a dead upstream. After `cooldownMs`
 * one probe is let through (half-open); its success closes the breaker, its failure re-opens it.
 *
 * Hand-written: the relay must also report failures that happen after the response started
 * (a stream that stalls or breaks), which promise-wrapping breakers cannot see; and opossum 10
 * needs Node 22.
 */
export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  failureThreshold: number;
  cooldownMs: number;
  now?: () => number;
  onStateChange?: (state: BreakerState) => void;
}

export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private current: BreakerState = 'closed';
  private readonly now: () => number;

  constructor(private readonly opts: BreakerOptions) {
    this.now = opts.now ?? Date.now;
  }

  get state(): BreakerState {
    if (this.current === 'open' && this.now() - this.openedAt >= this.opts.cooldownMs) this.set('half-open');
    return this.current;
  }

  /** May a call go out now? In half-open state only one probe at a time. */
  allow(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'half-open' && !this.probing) {
      this.probing = true;
      return true;
    }
    return false;
  }

  /** Seconds until a probe may go out. */
  retryAfterSeconds(): number {
    if (this.current !== 'open') return 1;
    return Math.max(1, Math.ceil((this.opts.cooldownMs - (this.now() - this.openedAt)) / 1000));
  }

  /** The call ended without telling anything about the upstream (the caller gave up first). */
  neutral(): void {
    this.probing = false;
  }

  success(): void {
    this.failures = 0;
    this.probing = false;
    if (this.current !== 'closed') this.set('closed');
  }

  failure(): void {
    this.probing = false;
    this.failures++;
    if (this.current === 'half-open' || this.failures >= this.opts.failureThreshold) {
      this.openedAt = this.now();
      if (this.current !== 'open') this.set('open');
    }
  }

  private set(state: BreakerState) {
    this.current = state;
    this.opts.onStateChange?.(state);
  }
}

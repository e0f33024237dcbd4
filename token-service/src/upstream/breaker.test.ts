/** CircuitBreaker with a hand-moved clock: closed, open after N failures, one probe when half-open, and back. */
import { describe, expect, it } from 'vitest';
import { type BreakerState, CircuitBreaker } from './breaker.js';

function breaker(failureThreshold = 3, cooldownMs = 10_000) {
  let now = 1_000_000;
  const changes: BreakerState[] = [];
  const b = new CircuitBreaker({ failureThreshold, cooldownMs, now: () => now, onStateChange: (s) => changes.push(s) });
  const fail = (n: number) => {
    for (let i = 0; i < n; i++) b.failure();
  };
  return { b, changes, fail, advance: (ms: number) => (now += ms) };
}

describe('CircuitBreaker', () => {
  it('starts closed and lets calls through', () => {
    const { b } = breaker();
    expect([b.state, b.allow(), b.allow()]).toEqual(['closed', true, true]);
  });

  it('opens after the threshold of consecutive failures, and refuses calls', () => {
    const { b, fail, changes } = breaker(3);
    fail(2);
    expect(b.state).toBe('closed');
    fail(1);
    expect([b.state, b.allow(), changes]).toEqual(['open', false, ['open']]);
  });

  it('counts only consecutive failures: a success starts over', () => {
    const { b, fail } = breaker(3);
    fail(2);
    b.success();
    fail(2);
    expect(b.state).toBe('closed');
  });

  it('says how long until a probe may go out, in whole seconds, at least 1', () => {
    const { b, fail, advance } = breaker(1, 10_000);
    fail(1);
    expect(b.retryAfterSeconds()).toBe(10);
    advance(8_500);
    expect(b.retryAfterSeconds()).toBe(2);
    advance(1_400);
    expect(b.retryAfterSeconds()).toBe(1);
  });

  it('is half-open after the cool-down and lets exactly one probe through', () => {
    const { b, fail, advance, changes } = breaker(1, 10_000);
    fail(1);
    advance(9_999);
    expect(b.state).toBe('open');
    advance(1);
    expect([b.state, b.allow(), b.allow()]).toEqual(['half-open', true, false]);
    expect(changes).toEqual(['open', 'half-open']);
  });

  it("closes on the probe's success", () => {
    const { b, fail, advance, changes } = breaker(1);
    fail(1);
    advance(10_000);
    b.allow();
    b.success();
    expect([b.state, b.allow(), b.allow()]).toEqual(['closed', true, true]);
    expect(changes).toEqual(['open', 'half-open', 'closed']);
  });

  it("re-opens on the probe's failure, for a whole new cool-down", () => {
    const { b, fail, advance } = breaker(5, 10_000);
    fail(5);
    advance(10_000);
    b.allow();
    b.failure();
    expect([b.state, b.retryAfterSeconds()]).toEqual(['open', 10]);
  });

  it('lets another probe through when one ended without a verdict', () => {
    const { b, fail, advance } = breaker(1);
    fail(1);
    advance(10_000);
    expect(b.allow()).toBe(true);
    b.neutral();
    expect(b.allow()).toBe(true);
  });

  it('answers Retry-After 1 when it is not open', () => {
    expect(breaker().b.retryAfterSeconds()).toBe(1);
  });

  it('tells each change of state once', () => {
    const { b, fail, changes } = breaker(1);
    fail(3);
    b.success();
    b.success();
    expect(changes).toEqual(['open', 'closed']);
  });
});

/** The pump's time limits, shutdown, and its one onEnd per stream, under fake timers. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RelayOutcome } from './pump.js';
import { RESULT, SHUTTING_DOWN, TIMEOUT, setup, token, tokenEvent } from './pump.fakes.js';

/** Let the pump run until it waits again. */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Pump limits and endings', () => {
  it('idle limit: an upstream silent for idleTimeoutMs ends with upstream_timeout, each chunk restarting it', async () => {
    const { body, sink, upstream, outcomes } = setup();
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(900);
      body.send(token('a'));
    }
    await vi.advanceTimersByTimeAsync(999);
    expect(outcomes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sink.text).toBe(tokenEvent('a').repeat(5) + TIMEOUT);
    expect([outcomes, sink.closes, upstream.signal.aborted, body.cancels, vi.getTimerCount()]).toEqual([
      ['idle-timeout'],
      1,
      true,
      1,
      0,
    ]);
  });

  it('idle limit: time spent waiting for a slow visitor does not count', async () => {
    const { body, sink, outcomes } = setup();
    sink.full = true;
    body.send(token('a'));
    await vi.advanceTimersByTimeAsync(5000);
    expect([outcomes, sink.readyCalls, body.reads]).toEqual([[], 1, 1]);
    sink.catchUp();
    await vi.advanceTimersByTimeAsync(999);
    expect([outcomes, body.reads]).toEqual([[], 2]);
    await vi.advanceTimersByTimeAsync(1);
    expect(outcomes).toEqual(['idle-timeout']);
  });

  it('total limit: counts everything, a trickling upstream included', async () => {
    const { body, sink, outcomes, upstream } = setup({ totalTimeoutMs: 3000 });
    for (let t = 0; t < 3000; t += 500) {
      body.send(token('a'));
      await vi.advanceTimersByTimeAsync(t < 2500 ? 500 : 499);
    }
    expect(outcomes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sink.text).toBe(tokenEvent('a').repeat(6) + TIMEOUT);
    expect([outcomes, upstream.signal.aborted, body.cancels]).toEqual([['total-timeout'], true, 1]);
  });

  // Check: relay-total-timer (relay/pump.ts Pump.start: the total timer, independent of reads).
  it('total limit: cuts off a visitor who never reads', async () => {
    const { body, sink, outcomes } = setup({ totalTimeoutMs: 3000 });
    sink.full = true;
    body.send(token('a'));
    await vi.advanceTimersByTimeAsync(2999);
    expect(outcomes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect([sink.text, sink.closes, outcomes, body.cancels]).toEqual([tokenEvent('a') + TIMEOUT, 1, ['total-timeout'], 1]);
  });

  it('shutdown ends the stream with shutting_down and aborts the upstream', async () => {
    const { body, sink, upstream, outcomes, shutdown } = setup();
    body.send(token('a'));
    await settle();
    shutdown.stop();
    await settle();
    expect(sink.text).toBe(tokenEvent('a') + SHUTTING_DOWN);
    expect([outcomes, sink.closes, shutdown.unregisters, upstream.signal.aborted, body.cancels]).toEqual([
      ['shutdown'],
      1,
      1,
      true,
      1,
    ]);
  });

  const drivers: Record<RelayOutcome, (s: ReturnType<typeof setup>) => Promise<unknown>> = {
    done: async (s) => s.body.send(token('a') + RESULT),
    'client-closed': async (s) => s.pump.cancel(),
    'upstream-error': async (s) => s.body.send('{"type":"error","data":{"code":"X"}}\n'),
    'idle-timeout': () => vi.advanceTimersByTimeAsync(1000),
    'total-timeout': async (s) => {
      s.sink.full = true;
      s.body.send(token('a'));
      await vi.advanceTimersByTimeAsync(10_000);
    },
    interrupted: async (s) => s.body.end(),
    shutdown: async (s) => s.shutdown.stop(),
  };
  for (const [outcome, drive] of Object.entries(drivers)) {
    it(`calls onEnd exactly once: ${outcome}, whatever comes after`, async () => {
      const s = setup();
      await drive(s);
      await settle();
      const text = s.sink.text;
      s.pump.cancel();
      s.shutdown.stop();
      s.body.send(token('late') + RESULT);
      s.body.end();
      s.sink.catchUp();
      await vi.advanceTimersByTimeAsync(20_000);
      expect(s.outcomes).toEqual([outcome]);
      expect(s.sink.text).toBe(text);
      expect(s.sink.closes).toBe(outcome === 'client-closed' ? 0 : 1);
      expect(s.shutdown.unregisters).toBe(1);
    });
  }
});

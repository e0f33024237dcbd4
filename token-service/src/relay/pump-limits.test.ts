/** The pump's time limits, shutdown, and its one onEnd per answer, under fake timers. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RelayOutcome } from './pump.js';
import { PING, RESULT, SHUTTING_DOWN, TIMEOUT, setup, token } from './pump.fakes.js';

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
      body.send(i % 2 ? PING : token('a'));
    }
    await vi.advanceTimersByTimeAsync(999);
    expect(outcomes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect([sink.tokens, sink.ends]).toEqual([['a', 'a', 'a'], [TIMEOUT]]);
    expect([outcomes, upstream.signal.aborted, body.cancels, vi.getTimerCount()]).toEqual([['idle-timeout'], true, 1, 0]);
  });

  // Check: relay-total-timer (relay/pump.ts Pump.start: the total timer, independent of reads).
  it('total limit: counts everything, a trickling upstream included', async () => {
    const { body, sink, outcomes, upstream } = setup({ totalTimeoutMs: 3000 });
    for (let t = 0; t < 3000; t += 500) {
      body.send(token('a'));
      await vi.advanceTimersByTimeAsync(t < 2500 ? 500 : 499);
    }
    expect(outcomes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect([sink.tokens.length, sink.ends]).toEqual([6, [TIMEOUT]]);
    expect([outcomes, upstream.signal.aborted, body.cancels, vi.getTimerCount()]).toEqual([['total-timeout'], true, 1, 0]);
  });

  it('shutdown ends the answer with shutting_down and aborts the upstream', async () => {
    const { body, sink, upstream, outcomes, shutdown } = setup();
    body.send(token('a'));
    await settle();
    shutdown.stop();
    await settle();
    expect([sink.tokens, sink.ends]).toEqual([['a'], [SHUTTING_DOWN]]);
    expect([outcomes, shutdown.unregisters, upstream.signal.aborted, body.cancels]).toEqual([['shutdown'], 1, true, 1]);
  });

  const drivers: Record<RelayOutcome, (s: ReturnType<typeof setup>) => Promise<unknown>> = {
    done: async (s) => s.body.send(token('a') + RESULT),
    stopped: async (s) => s.pump.stop(),
    'upstream-error': async (s) => s.body.send('{"type":"error","data":{"code":"X"}}\n'),
    'idle-timeout': () => vi.advanceTimersByTimeAsync(1000),
    'total-timeout': async (s) => {
      for (let i = 0; i < 12; i++) {
        s.body.send(PING);
        await vi.advanceTimersByTimeAsync(900);
      }
    },
    interrupted: async (s) => s.body.end(),
    shutdown: async (s) => s.shutdown.stop(),
  };
  for (const [outcome, drive] of Object.entries(drivers)) {
    it(`calls onEnd exactly once and ends the sink once: ${outcome}, whatever comes after`, async () => {
      const s = setup();
      await drive(s);
      await settle();
      const tokens = [...s.sink.tokens];
      s.pump.stop();
      s.shutdown.stop();
      s.body.send(token('late') + RESULT);
      s.body.end();
      await vi.advanceTimersByTimeAsync(20_000);
      expect(s.outcomes).toEqual([outcome]);
      expect(s.sink.ends).toHaveLength(1);
      expect(s.sink.tokens).toEqual(tokens);
      expect(s.shutdown.unregisters).toBe(1);
      expect(vi.getTimerCount()).toBe(0);
    });
  }
});

/** Fixed windows in memory: counting per key, the window's end, points past the limit, rewards, and forgetting ended windows. */
import { describe, expect, it } from 'vitest';
import { MemoryWindows } from './memory-windows.js';

function clocked() {
  let now = 1_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('MemoryWindows', () => {
  it('counts each key in a window that starts at its first point', () => {
    const t = clocked();
    const w = new MemoryWindows(60_000, t.now);
    expect(w.take('a')).toEqual({ taken: 1, msBeforeNext: 60_000 });
    t.advance(10_000);
    expect(w.take('a')).toEqual({ taken: 2, msBeforeNext: 50_000 });
    expect(w.take('b')).toEqual({ taken: 1, msBeforeNext: 60_000 });
  });

  it('keeps counting past any limit, and starts over when the window ends', () => {
    const t = clocked();
    const w = new MemoryWindows(1_000, t.now);
    for (let i = 0; i < 5; i++) w.take('a');
    expect(w.take('a').taken).toBe(6);
    t.advance(1_000);
    expect(w.take('a')).toEqual({ taken: 1, msBeforeNext: 1_000 });
  });

  it('gives a point back, never below zero', () => {
    const w = new MemoryWindows(60_000, clocked().now);
    w.take('a');
    w.reward('a');
    w.reward('a');
    w.reward('unknown');
    expect(w.take('a').taken).toBe(1);
  });

  it('forgets ended windows instead of keeping every key it ever saw', () => {
    const t = clocked();
    const w = new MemoryWindows(1_000, t.now);
    for (let i = 0; i < 1000; i++) w.take(`ip-${i}`);
    t.advance(1_000);
    w.take('late');
    expect((w as unknown as { windows: Map<string, unknown> }).windows.size).toBe(1);
  });
});

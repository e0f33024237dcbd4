import type * as Wire from '@tessera/protocol/types';
import { describe, expect, it } from 'vitest';
import { change, fillDays, periods, share, ZERO } from './usage.js';

describe('periods', () => {
  it('the last N UTC days, today included, and the N days before them', () => {
    const now = Date.parse('2026-12-02T10:00:00Z');
    expect(periods(7, now)).toEqual({
      current: { from: '2026-11-26', to: '2026-12-02' },
      previous: { from: '2026-11-19', to: '2026-11-25' },
    });
  });
});

describe('fillDays', () => {
  it('has every day of the period, zeros where the service reported none', () => {
    const usage = { days: [{ ...ZERO, day: '2026-11-30', sessions: 2, conversations: 1, messages: 3 }] } as Wire.Usage;
    const days = fillDays(usage, { from: '2026-11-29', to: '2026-12-01' });
    expect(days.map((d) => [d.day, d.messages])).toEqual([
      ['2026-11-29', 0],
      ['2026-11-30', 3],
      ['2026-12-01', 0],
    ]);
  });
});

describe('change', () => {
  it('in percent of the previous period; none to compare with when it had nothing', () => {
    expect(change(150, 100)).toEqual({ percent: 50, direction: 'up' });
    expect(change(50, 100)).toEqual({ percent: -50, direction: 'down' });
    expect(change(3, 0)).toEqual({ percent: null, direction: 'up' });
    expect(change(0, 0)).toEqual({ percent: 0, direction: 'same' });
  });
});

describe('share', () => {
  it('a whole percentage of the two; none when both are zero', () => {
    expect(share(3, 1)).toBe(75);
    expect(share(2, 1)).toBe(67);
    expect(share(0, 5)).toBe(0);
    expect(share(0, 0)).toBeNull();
  });
});

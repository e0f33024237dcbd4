/** Time as a dependency, so tests can move it. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

let lastDay = { from: 0, to: 0, day: '' };

/** The UTC calendar day of an epoch-ms instant, `YYYY-MM-DD` (remembered: it is asked per request). */
export function utcDay(ms: number): string {
  if (ms >= lastDay.from && ms < lastDay.to) return lastDay.day;
  const day = new Date(ms).toISOString().slice(0, 10);
  const from = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
  lastDay = { from, to: from + 86_400_000, day };
  return day;
}

/** Seconds from `ms` until the next UTC midnight (at least 1). */
export function secondsToUtcMidnight(ms: number): number {
  const d = new Date(ms);
  const next = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
  return Math.max(1, Math.ceil((next - ms) / 1000));
}

/**
 * The numbers behind the home screen: a period of the last N UTC days and the one before it,
 * every day of a period (the service leaves days without activity out), and a total's change.
 */
import type * as Wire from '@tessera/protocol/types';
import { utcDay } from '../../lib/format.js';

export const PERIODS = [7, 30, 90] as const;
export type PeriodDays = (typeof PERIODS)[number];
export type Metric = 'sessions' | 'conversations' | 'messages';
export const METRICS: readonly { key: Metric; label: string }[] = [
  { key: 'sessions', label: 'Sessions' },
  { key: 'conversations', label: 'Conversations' },
  { key: 'messages', label: 'Visitor messages' },
];

export interface Period {
  from: string;
  to: string;
}

/** The last `days` days (today included) and the `days` days before them. */
export function periods(days: number, now = Date.now()): { current: Period; previous: Period } {
  return {
    current: { from: utcDay(days - 1, now), to: utcDay(0, now) },
    previous: { from: utcDay(2 * days - 1, now), to: utcDay(days, now) },
  };
}

/** Every day from..to (inclusive), zeros where the service reported nothing. */
export function fillDays(usage: Wire.Usage, { from, to }: Period): Wire.UsageDay[] {
  const byDay = new Map(usage.days.map((d) => [d.day, d]));
  const out: Wire.UsageDay[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push(byDay.get(day) ?? { day, sessions: 0, conversations: 0, messages: 0 });
  }
  return out;
}

export interface Change {
  /** Rounded percentage; null when the previous period had none (nothing to compare with). */
  percent: number | null;
  direction: 'up' | 'down' | 'same';
}

export function change(current: number, previous: number): Change {
  const direction = current > previous ? 'up' : current < previous ? 'down' : 'same';
  if (previous === 0) return { percent: current === 0 ? 0 : null, direction };
  return { percent: Math.round(((current - previous) / previous) * 100), direction };
}

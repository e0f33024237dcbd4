/**
 * The numbers behind the home screen: a period of the last N UTC days and the one before it,
 * every day of a period (the service leaves days without activity out), a total's change, and the
 * metrics shown: traffic (how much the chat is used) and quality (how well it answers).
 */
import type * as Wire from '@tessera/protocol/types';
import { utcDay } from '../../lib/format.js';

export const PERIODS = [7, 30, 90] as const;
export type PeriodDays = (typeof PERIODS)[number];
export type Metric = keyof Wire.UsageCounts;
export interface MetricInfo {
  key: Metric;
  label: string;
  /** A short column heading for the tables. */
  short: string;
}
/** How much the chat is used. */
export const TRAFFIC: readonly MetricInfo[] = [
  { key: 'sessions', label: 'Sessions', short: 'Sessions' },
  { key: 'conversations', label: 'Conversations', short: 'Conversations' },
  { key: 'messages', label: 'Visitor messages', short: 'Messages' },
];
/** How well it answers. */
export const QUALITY: readonly MetricInfo[] = [
  { key: 'answersCompleted', label: 'Answers completed', short: 'Answered' },
  { key: 'answersFailed', label: 'Failed or interrupted', short: 'Failed' },
  { key: 'thumbsUp', label: 'Thumbs up', short: 'Thumbs up' },
  { key: 'thumbsDown', label: 'Thumbs down', short: 'Thumbs down' },
];
export const METRICS: readonly MetricInfo[] = [...TRAFFIC, ...QUALITY];

export const ZERO: Wire.UsageCounts = {
  sessions: 0,
  conversations: 0,
  messages: 0,
  answersCompleted: 0,
  answersFailed: 0,
  thumbsUp: 0,
  thumbsDown: 0,
};

/** `part` as a whole percentage of `part + rest`; null when both are zero. */
export function share(part: number, rest: number): number | null {
  return part + rest === 0 ? null : Math.round((part / (part + rest)) * 100);
}

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
    out.push(byDay.get(day) ?? { ...ZERO, day });
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

/**
 * Fault switches: rules added programmatically or over POST /_emulator/faults, matched by method
 * and a path regex (against the path without the /api prefix), applied at most `times` times.
 * Entry faults (status, echo-headers, redirect, stall-before-headers) hit any API request; stream
 * faults are only taken by complete calls, so they are never used up by other requests.
 */
import { randomUUID } from 'node:crypto';
import type { ActiveFaultRule, Fault, FaultController, FaultKind, FaultRule } from '../types.js';

export const ENTRY_KINDS = ['status', 'echo-headers', 'redirect', 'stall-before-headers'] as const;
export const STREAM_KINDS = ['stall-mid-stream', 'close-mid-stream', 'error-event', 'slow-tokens'] as const;
const ALL_KINDS: readonly FaultKind[] = [...ENTRY_KINDS, ...STREAM_KINDS];

type EntryFault = Extract<Fault, { kind: (typeof ENTRY_KINDS)[number] }>;
export type StreamFault = Extract<Fault, { kind: (typeof STREAM_KINDS)[number] }>;

interface Entry {
  id: string;
  rule: FaultRule;
  pathRegex: RegExp | null;
  used: number;
}

export interface StreamFaults {
  /** stall-mid-stream, close-mid-stream or error-event, if any matched. */
  terminal: Exclude<StreamFault, { kind: 'slow-tokens' }> | null;
  /** Per-token delay from a slow-tokens rule, if any matched. */
  tokenDelayMs: number | null;
}

const isNonNegativeInt = (value: unknown): boolean => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** Check an untrusted rule (HTTP control API); returns a problem description or null. */
export function describeInvalidRule(rule: unknown): string | null {
  if (typeof rule !== 'object' || rule === null) return 'rule must be an object';
  const { fault, path, method, times } = rule as Record<string, unknown>;
  if (typeof fault !== 'object' || fault === null) return '"fault" must be an object';
  const f = fault as Record<string, unknown>;
  if (!ALL_KINDS.includes(f['kind'] as FaultKind)) return `"fault.kind" must be one of [${ALL_KINDS.join(', ')}]`;
  if (path !== undefined) {
    if (typeof path !== 'string') return '"path" must be a string';
    try {
      new RegExp(path);
    } catch {
      return '"path" must be a valid regular expression';
    }
  }
  if (method !== undefined && typeof method !== 'string') return '"method" must be a string';
  if (times !== undefined && !isNonNegativeInt(times)) return '"times" must be a non-negative integer';
  switch (f['kind']) {
    case 'status':
      return isNonNegativeInt(f['status']) ? null : '"fault.status" must be a status code';
    case 'redirect':
      return typeof f['location'] === 'string' ? null : '"fault.location" must be a string';
    case 'slow-tokens':
      return isNonNegativeInt(f['delayMs']) ? null : '"fault.delayMs" must be a non-negative integer';
    case 'stall-mid-stream':
    case 'close-mid-stream':
    case 'error-event':
      return isNonNegativeInt(f['afterTokens']) ? null : '"fault.afterTokens" must be a non-negative integer';
    default:
      return null;
  }
}

export class FaultRegistry implements FaultController {
  #entries: Entry[] = [];

  add(rule: FaultRule): string {
    const problem = describeInvalidRule(rule);
    if (problem) throw new TypeError(`cbk-emulator: invalid fault rule: ${problem}`);
    const id = randomUUID();
    this.#entries.push({ id, rule, pathRegex: rule.path ? new RegExp(rule.path) : null, used: 0 });
    return id;
  }

  remove(id: string): boolean {
    const before = this.#entries.length;
    this.#entries = this.#entries.filter((entry) => entry.id !== id);
    return this.#entries.length !== before;
  }

  clear(): void {
    this.#entries = [];
  }

  list(): ActiveFaultRule[] {
    return this.#entries.map((entry) => ({ ...entry.rule, id: entry.id, used: entry.used }));
  }

  #take(kinds: readonly FaultKind[], method: string, path: string): Fault | null {
    for (const entry of this.#entries) {
      const { rule } = entry;
      if (!kinds.includes(rule.fault.kind)) continue;
      if (rule.times !== undefined && entry.used >= rule.times) continue;
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (entry.pathRegex && !entry.pathRegex.test(path)) continue;
      entry.used += 1;
      return rule.fault;
    }
    return null;
  }

  /** The first matching entry fault (used up by this call). `path` is without the /api prefix. */
  takeEntry(method: string, path: string): EntryFault | null {
    return this.#take(ENTRY_KINDS, method, path) as EntryFault | null;
  }

  /** Matching stream faults for a complete call (each used up by this call). */
  takeStream(method: string, path: string): StreamFaults {
    const terminal = this.#take(['stall-mid-stream', 'close-mid-stream', 'error-event'], method, path);
    const slow = this.#take(['slow-tokens'], method, path);
    return {
      terminal: terminal as StreamFaults['terminal'],
      tokenDelayMs: slow?.kind === 'slow-tokens' ? slow.delayMs : null,
    };
  }
}

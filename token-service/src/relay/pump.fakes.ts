/** Test doubles for the pump's tests: a hand-driven upstream body, a sink that records, and the upstream's lines. */
import type { ErrorCode, Wire } from '@tessera/protocol';
import type { ChunkReader } from '../platform/read-capped.js';
import { type AnswerEnd, type AnswerSink, Pump, type RelayOptions, type RelayOutcome } from './pump.js';

type Step = { done: boolean; value?: Uint8Array } | Error;

/** An upstream body whose every read waits for the test to send, end or fail. */
export class FakeBody implements ChunkReader {
  reads = 0;
  cancels = 0;
  private readonly queue: Step[] = [];
  private waiting: { resolve: (s: { done: boolean; value?: Uint8Array }) => void; reject: (e: Error) => void } | null = null;

  read() {
    this.reads++;
    const next = this.queue.shift();
    if (next) return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    return new Promise<{ done: boolean; value?: Uint8Array }>((resolve, reject) => (this.waiting = { resolve, reject }));
  }
  cancel() {
    this.cancels++;
    this.settle({ done: true });
    return Promise.resolve();
  }
  send(text: string) {
    this.settle({ done: false, value: new TextEncoder().encode(text) });
  }
  end() {
    this.settle({ done: true });
  }
  fail() {
    this.settle(new Error('socket hang up'));
  }
  /** Chunks sent that no read has taken yet. */
  get unread(): number {
    return this.queue.length;
  }
  private settle(step: Step) {
    const w = this.waiting;
    this.waiting = null;
    if (!w) this.queue.push(step);
    else if (step instanceof Error) w.reject(step);
    else w.resolve(step);
  }
}

/** The answer log's place, recording what the pump puts there. */
export class FakeSink implements AnswerSink {
  tokens: string[] = [];
  pings = 0;
  ends: AnswerEnd[] = [];

  append(...tokens: string[]) {
    this.tokens.push(...tokens);
  }
  ping() {
    this.pings++;
  }
  end(end: AnswerEnd) {
    this.ends.push(end);
  }
  text() {
    return this.tokens.join('');
  }
}

export const token = (t: string) => `${JSON.stringify({ type: 'token', data: { token: t } })}\n`;
export const PING = `${JSON.stringify({ type: 'ping' })}\n`;
/** A result without text (the answer is its tokens). */
export const RESULT = `${JSON.stringify({ type: 'result', data: { id: 'm1' } })}\n`;
const error = (code: ErrorCode): AnswerEnd => ({ event: 'error', code });
export const TIMEOUT = error('upstream_timeout');
export const SHUTTING_DOWN = error('shutting_down');
export const INTERRUPTED = error('stream_interrupted');
export const STOPPED = error('answer_stopped');

/** A started pump over fakes (or over `sink`), with what it reported. */
export function setup<S extends AnswerSink = FakeSink>(
  over: Partial<RelayOptions> = {},
  sink: S = new FakeSink() as AnswerSink as S,
) {
  const body = new FakeBody();
  const upstream = new AbortController();
  const outcomes: RelayOutcome[] = [];
  const dones: Wire.DoneEvent[] = [];
  const shutdown = { stop: (): void => {}, unregisters: 0 };
  const pump = new Pump(body, upstream, sink, {
    idleTimeoutMs: 1000,
    totalTimeoutMs: 10_000,
    onEnd: (o) => outcomes.push(o),
    onDone: (d) => dones.push(d),
    onShutdown: (stop) => {
      shutdown.stop = stop;
      return () => shutdown.unregisters++;
    },
    ...over,
  });
  pump.start();
  return { pump, body, sink, upstream, outcomes, dones, shutdown };
}

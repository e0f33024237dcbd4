/** Test doubles for the pump's tests: a hand-driven upstream body, a visitor's sink, and the events. */
import type { Wire } from '@tessera/protocol';
import type { ChunkReader } from '../platform/read-capped.js';
import { Pump, type RelayOptions, type RelayOutcome, type Sink } from './pump.js';

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
  private settle(step: Step) {
    const w = this.waiting;
    this.waiting = null;
    if (!w) this.queue.push(step);
    else if (step instanceof Error) w.reject(step);
    else w.resolve(step);
  }
}

/** A visitor's connection: `full` makes writes report back-pressure until `catchUp()`. */
export class FakeSink implements Sink {
  text = '';
  closes = 0;
  full = false;
  readyCalls = 0;
  private release: (() => void) | null = null;

  write(text: string) {
    this.text += text;
    return !this.full;
  }
  ready() {
    this.readyCalls++;
    return new Promise<void>((resolve) => (this.release = resolve));
  }
  close() {
    this.closes++;
  }
  catchUp() {
    this.full = false;
    this.release?.();
    this.release = null;
  }
}

export const token = (t: string) => `${JSON.stringify({ type: 'token', data: { token: t } })}\n`;
export const RESULT = `${JSON.stringify({ type: 'result', data: { id: 'm1' } })}\n`;
export const tokenEvent = (t: string) => `event: token\ndata: {"token":"${t}"}\n\n`;
const errorEvent = (code: string, message: string) =>
  `event: error\ndata: {"code":"${code}","message":"${message}","retryable":true}\n\n`;
export const TIMEOUT = errorEvent('upstream_timeout', 'The assistant took too long to answer.');
export const SHUTTING_DOWN = errorEvent('shutting_down', 'The service is restarting. Reconnect shortly.');
export const INTERRUPTED = errorEvent('stream_interrupted', 'The answer was interrupted.');
export const DONE = 'event: done\ndata: {"messageId":"m1","text":"a","finishReason":"unknown"}\n\n';

/** A started pump over fakes, with what it reported. */
export function setup(over: Partial<RelayOptions> = {}) {
  const body = new FakeBody();
  const sink = new FakeSink();
  const upstream = new AbortController();
  const outcomes: RelayOutcome[] = [];
  const dones: Wire.DoneEvent[] = [];
  const shutdown = { stop: (): void => {}, unregisters: 0 };
  const pump = new Pump(body, upstream, {
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
  pump.start(sink);
  return { pump, body, sink, upstream, outcomes, dones, shutdown };
}

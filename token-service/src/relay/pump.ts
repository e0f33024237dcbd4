/**
 * The relay's pump: upstream body -> translator -> the answer's log entry, with time limits and
 * stops. It never waits for a visitor: readers follow the log at their own pace (answers/), so a
 * visitor who reloads, navigates or reads slowly neither stalls nor ends the answer.
 */
import type { ErrorCode, Wire } from '@tessera/protocol';
import type { ChunkReader } from '../platform/read-capped.js';
import { Translator, type UpstreamDone } from './translate.js';

export interface RelayOptions {
  idleTimeoutMs: number;
  totalTimeoutMs: number;
  /** Called once with the complete answer, after `onEnd`. */
  onDone?: (done: Wire.DoneEvent) => void;
  /** Called once when the answer ends, however it ends. */
  onEnd?: (outcome: RelayOutcome) => void;
  /**
   * Registers a callback the service calls when it shuts down (the answer then ends with
   * `shutting_down`, telling the widget to reconnect); returns the unregister function.
   */
  onShutdown?: (stop: () => void) => () => void;
}

export type RelayOutcome = 'done' | 'stopped' | 'upstream-error' | 'idle-timeout' | 'total-timeout' | 'interrupted' | 'shutdown';

/** How an answer ends: the upstream's result, or one of our error codes. */
export type AnswerEnd = { event: 'done'; data: UpstreamDone } | { event: 'error'; code: ErrorCode };

/** Where the pump puts the answer (the answer log's entry for it). */
export interface AnswerSink {
  /** The answer's next tokens (those of one upstream chunk). */
  append(...tokens: string[]): void;
  /** The upstream sent a keep-alive. */
  ping(): void;
  /** The answer is over (called once). */
  end(end: AnswerEnd): void;
  /** The answer's text so far. */
  text(): string;
}

const EMPTY = new Uint8Array();
const ignore = () => {};

/**
 * One relayed answer. Its state is these fields; thousands are held at once, so it keeps no
 * closures of its own but the shutdown callback, and each wait costs one small promise.
 */
export class Pump {
  private readonly reader: ChunkReader;
  private readonly translator = new Translator();
  private idleTimer: NodeJS.Timeout | undefined;
  private totalTimer: NodeJS.Timeout | undefined;
  private unregister: (() => void) | undefined;
  private finished = false;
  /** Ends the current wait early (a time limit, shutdown, Stop). */
  private wake: ((value: undefined) => void) | null = null;

  constructor(
    body: ReadableStream<Uint8Array> | ChunkReader,
    private readonly upstream: AbortController,
    private readonly sink: AnswerSink,
    private readonly opts: RelayOptions,
  ) {
    this.reader = 'getReader' in body ? body.getReader() : body;
  }

  /** Arm the time limits and read until the answer is over. */
  start(): void {
    // The idle limit counts time without a chunk from the upstream; the total limit all of it. The
    // pump rides along as the timers' argument.
    this.idleTimer = setTimeout(Pump.onIdle, this.opts.idleTimeoutMs, this);
    this.totalTimer = setTimeout(Pump.onTotal, this.opts.totalTimeoutMs, this); // check: relay-total-timer
    this.unregister = this.opts.onShutdown?.(() => this.finish('shutdown', 'shutting_down'));
    void this.run();
  }

  /** The visitor pressed Stop: the upstream is aborted at once, readers get `answer_stopped`. */
  stop(): void {
    this.finish('stopped', 'answer_stopped'); // check: relay-visitor-stop
  }

  private static onIdle(pump: Pump): void {
    pump.finish('idle-timeout', 'upstream_timeout');
  }

  private static onTotal(pump: Pump): void {
    pump.finish('total-timeout', 'upstream_timeout');
  }

  private async run(): Promise<void> {
    const { reader, translator, sink } = this;
    while (!this.finished) {
      this.idleTimer?.refresh();
      let step: Awaited<ReturnType<ChunkReader['read']>> | undefined;
      try {
        step = await this.interruptible(reader.read());
      } catch {
        return this.finish('interrupted', 'stream_interrupted');
      } finally {
        this.wake = null;
      }
      if (this.finished || !step) return; // stopped while waiting
      const tokens = step.done ? translator.end() : translator.push(step.value ?? EMPTY);
      if (tokens.length > 0) sink.append(...tokens);
      if (translator.pinged) sink.ping();
      const terminal = translator.terminal;
      if (!terminal) continue;
      if (terminal.outcome !== 'done') return this.finish(terminal.outcome, terminal.code);
      this.stopTimers();
      sink.end({ event: 'done', data: terminal.done });
      drainRest(reader);
      this.opts.onEnd?.('done');
      // After onEnd, so a failing onDone cannot keep the stream's slot taken.
      this.opts.onDone?.({ ...terminal.done, text: terminal.done.text ?? sink.text() });
      return;
    }
  }

  /**
   * One small promise per wait that `wake` can settle early. (Racing one long-lived promise
   * instead would leave a reaction behind on it per chunk.)
   */
  private interruptible<T>(wait: Promise<T>): Promise<T | undefined> {
    return new Promise<T | undefined>((resolve, reject) => {
      this.wake = resolve;
      wait.then(resolve, reject);
    });
  }

  /** The answer ends early (anything but the upstream's result): the upstream is stopped. */
  private finish(outcome: Exclude<RelayOutcome, 'done'>, code: ErrorCode): void {
    if (this.finished) return;
    this.stopTimers();
    this.sink.end({ event: 'error', code });
    this.stopUpstream();
    this.opts.onEnd?.(outcome);
  }

  private stopTimers(): void {
    this.finished = true;
    clearTimeout(this.idleTimer);
    clearTimeout(this.totalTimer);
    this.unregister?.();
    this.wake?.(undefined);
  }

  // Both: on Node 20 an abort signal alone may not reach the socket (nodejs/node#55428).
  private stopUpstream(): void {
    this.upstream.abort(); // check: relay-stop-upstream-abort
    this.reader.cancel().catch(ignore); // check: relay-stop-upstream-reader
  }
}

/**
 * After the result nothing more is expected but the end of the body: read up to it (briefly), so
 * the upstream connection goes back to the pool instead of being torn down.
 */
function drainRest(reader: ChunkReader): void {
  const giveUp = setTimeout(() => reader.cancel().catch(ignore), 2000);
  void (async () => {
    try {
      while (!(await reader.read()).done);
    } catch {
      // cancelled or broken: either way, done
    } finally {
      clearTimeout(giveUp);
    }
  })();
}

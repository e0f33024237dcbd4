/** The relay's pump: upstream body -> translator -> sink, with time limits, back-pressure and stops. */
import type { Wire } from '@tessera/protocol';
import type { ChunkReader } from '../platform/read-capped.js';
import { errorEvent, type Terminal, Translator } from './translate.js';

export interface RelayOptions {
  idleTimeoutMs: number;
  totalTimeoutMs: number;
  /** Called once with the complete answer, after `done` was queued (and after `onEnd`). */
  onDone?: (done: Wire.DoneEvent) => void;
  /** Called once when the stream ends, however it ends. */
  onEnd?: (outcome: RelayOutcome) => void;
  /**
   * Registers a callback the service calls when it shuts down (the stream then ends with
   * `shutting_down`, telling the widget to reconnect); returns the unregister function.
   */
  onShutdown?: (stop: () => void) => () => void;
}

export type RelayOutcome =
  | 'done'
  | 'client-closed'
  | 'upstream-error'
  | 'idle-timeout'
  | 'total-timeout'
  | 'interrupted'
  | 'shutdown';

/** Where the pump writes the visitor's SSE text. */
export interface Sink {
  /** Queue text for the visitor; false when the visitor is behind (then wait for `ready`). */
  write(text: string): boolean;
  ready(): Promise<void>;
  close(): void;
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
  private sink!: Sink;
  private idleTimer: NodeJS.Timeout | undefined;
  private totalTimer: NodeJS.Timeout | undefined;
  private unregister: (() => void) | undefined;
  private finished = false;
  /** True while waiting for the upstream (the idle limit applies), false while the visitor catches up. */
  private waitingUpstream = false;
  /** Ends the current wait early (a time limit, shutdown, the visitor leaving). */
  private wake: ((value: undefined) => void) | null = null;

  constructor(
    body: ReadableStream<Uint8Array> | ChunkReader,
    private readonly upstream: AbortController,
    private readonly opts: RelayOptions,
  ) {
    this.reader = 'getReader' in body ? body.getReader() : body;
  }

  /** Start relaying into the sink: arms the time limits and reads until the answer is over. */
  start(sink: Sink): void {
    this.sink = sink;
    // The idle limit counts only time spent waiting for the upstream; the total limit counts all,
    // so a visitor who never reads is still cut off. The pump rides along as the timers' argument.
    this.idleTimer = setTimeout(Pump.onIdle, this.opts.idleTimeoutMs, this);
    this.totalTimer = setTimeout(Pump.onTotal, this.opts.totalTimeoutMs, this); // check: relay-total-timer
    this.unregister = this.opts.onShutdown?.(() => this.finish('shutdown', errorEvent('shutting_down')));
    void this.run();
  }

  /** The visitor went away: stop everything, quietly. */
  cancel(): void {
    if (this.finished) return;
    this.stop();
    this.stopUpstream(); // check: relay-client-cancel
    this.opts.onEnd?.('client-closed');
  }

  private static onIdle(pump: Pump): void {
    if (pump.waitingUpstream) pump.finish('idle-timeout', errorEvent('upstream_timeout'));
    else pump.idleTimer?.refresh();
  }

  private static onTotal(pump: Pump): void {
    pump.finish('total-timeout', errorEvent('upstream_timeout'));
  }

  private async run(): Promise<void> {
    const { reader, translator } = this;
    while (!this.finished) {
      this.waitingUpstream = true;
      this.idleTimer?.refresh();
      let step: Awaited<ReturnType<ChunkReader['read']>> | undefined;
      try {
        step = await this.interruptible(reader.read());
      } catch {
        return this.finish('interrupted', errorEvent('stream_interrupted'));
      } finally {
        this.waitingUpstream = false;
        this.wake = null;
      }
      if (this.finished || !step) return; // stopped while waiting
      const text = step.done ? translator.end() : translator.push(step.value ?? EMPTY);
      if (translator.terminal) return this.conclude(translator.terminal, text);
      if (text !== '' && !this.sink.write(text)) {
        await this.interruptible(this.sink.ready());
        this.wake = null;
      }
    }
  }

  /**
   * One small promise per wait that `wake` can settle early. (Racing one long-lived promise
   * instead would leave a reaction behind on it per token.)
   */
  private interruptible<T>(wait: Promise<T>): Promise<T | undefined> {
    return new Promise<T | undefined>((resolve, reject) => {
      this.wake = resolve;
      wait.then(resolve, reject);
    });
  }

  private conclude(terminal: Terminal, text: string): void {
    if (terminal.outcome !== 'done') return this.finish(terminal.outcome, text);
    this.finish('done', text);
    drainRest(this.reader);
    // After onEnd, so a failing onDone cannot keep the stream's slot taken.
    this.opts.onDone?.(terminal.done);
  }

  private finish(outcome: RelayOutcome, last: string): void {
    if (this.finished) return;
    this.stop();
    if (last !== '') this.sink.write(last);
    this.sink.close();
    if (outcome !== 'done') this.stopUpstream();
    this.opts.onEnd?.(outcome);
  }

  private stop(): void {
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

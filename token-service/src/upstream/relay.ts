/**
 * The relay: a ChatBotKit JSONL completion stream in, the widget's SSE stream out, one event at a
 * time as it arrives. One pump does the work and writes to a sink: straight to Node's
 * `ServerResponse` when the service runs on a socket (`relayToResponse`: no web stream and no
 * reader loop per held answer, a quarter of what a held stream cost, `pnpm bench streams`), or to
 * a web `ReadableStream` (`relayCompletion`, for in-process use).
 *
 * It forwards only the answer's tokens and one terminal event; upstream error
 * text, headers and unknown event types never pass. Idle and total time limits, and a visitor who
 * goes away, all abort the upstream request and cancel its body reader (on Node 20 an abort signal
 * alone may not reach the socket, nodejs/node#55428).
 */
import { ERROR_CODES, FINISH_REASONS, type ErrorCode, type Wire } from '@tessera/protocol';
import type { ServerResponse } from 'node:http';
import type { ChunkReader } from '../lib/read-capped.js';
import { JsonlDecoder } from './jsonl.js';

export interface RelayOptions {
  idleTimeoutMs: number;
  totalTimeoutMs: number;
  /** Called once with the complete answer, after `done` was queued. */
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

const encoder = new TextEncoder();
const EMPTY = new Uint8Array();

export function sseEvent(event: Wire.StreamEvent['event'], data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function errorEvent(code: ErrorCode): string {
  const data: Wire.ErrorEvent = { code, message: ERROR_CODES[code].message, retryable: ERROR_CODES[code].retryable };
  return sseEvent('error', data);
}

function finishReason(value: unknown): Wire.DoneEvent['finishReason'] {
  return (FINISH_REASONS as readonly unknown[]).includes(value) ? (value as Wire.DoneEvent['finishReason']) : 'unknown';
}

interface UpstreamEvent {
  type?: unknown;
  data?: { token?: unknown; id?: unknown; text?: unknown; end?: { reason?: unknown }; code?: unknown };
}

/** Where the pump writes the visitor's SSE text. */
interface Sink {
  /** Queue text for the visitor; false when the visitor is behind (then wait for `ready`). */
  write(text: string): boolean;
  ready(): Promise<void>;
  close(): void;
}

interface Pump {
  /** The visitor went away: stop everything, quietly. */
  cancel(): void;
}

function pump(body: ReadableStream<Uint8Array> | ChunkReader, upstream: AbortController, opts: RelayOptions, sink: Sink): Pump {
  const reader: ChunkReader = 'getReader' in body ? body.getReader() : body;
  const lines = new JsonlDecoder();
  // The answer so far, for a `result` without text: joined every 64 tokens, so a long answer is
  // held as a few flat strings rather than one string node per token.
  let answer = '';
  let recent: string[] = [];
  let messageId: string | null = null;
  let reason: unknown;
  let finished = false;
  /** True while waiting for the upstream (the idle limit applies), false while the visitor catches up. */
  let waitingUpstream = false;
  /** Ends the current wait early (a time limit, shutdown, the visitor leaving). */
  let wake: (() => void) | null = null;
  // One small promise per wait: racing a long-lived promise instead would keep a reaction per token.
  const interruptible = <T>(wait: Promise<T>) =>
    new Promise<T | undefined>((resolve, reject) => {
      wake = () => resolve(undefined);
      wait.then(resolve, reject);
    }).finally(() => (wake = null));

  const stopUpstream = () => {
    upstream.abort();
    reader.cancel().catch(() => {});
  };
  // After the result nothing more is expected but the end of the body: read up to it (briefly), so
  // the upstream connection goes back to the pool instead of being torn down.
  const drainRest = () => {
    const giveUp = setTimeout(() => reader.cancel().catch(() => {}), 2000);
    void (async () => {
      try {
        while (!(await reader.read()).done);
      } catch {
        // cancelled or broken: either way, done
      } finally {
        clearTimeout(giveUp);
      }
    })();
  };
  const stop = () => {
    finished = true;
    clearTimeout(idleTimer);
    clearTimeout(totalTimer);
    unregister();
    wake?.();
  };
  const finish = (outcome: RelayOutcome, last?: string) => {
    if (finished) return;
    stop();
    if (last) sink.write(last);
    sink.close();
    if (outcome !== 'done') stopUpstream();
    opts.onEnd?.(outcome);
  };

  /** Map the events of one chunk to SSE text; returns true when a terminal event was produced. */
  const handle = (events: unknown[], out: string[]) => {
    for (const ev of events as (UpstreamEvent | undefined)[]) {
      if (!ev) continue; // not a JSON object: ignore, as with unknown event types
      const data = ev.data ?? {};
      switch (ev.type) {
        case 'token':
          if (typeof data.token === 'string' && data.token !== '') {
            recent.push(data.token);
            if (recent.length === 64) {
              answer += recent.join('');
              recent = [];
            }
            out.push(sseEvent('token', { token: data.token }));
          }
          break;
        case 'receiveResult':
          if (typeof data.id === 'string') messageId = data.id;
          reason = data.end?.reason;
          break;
        case 'ping':
          out.push(': ping\n\n');
          break;
        case 'result': {
          const done: Wire.DoneEvent = {
            messageId: typeof data.id === 'string' ? data.id : messageId,
            text: typeof data.text === 'string' ? data.text : answer + recent.join(''),
            finishReason: finishReason(data.end?.reason ?? reason),
          };
          finish('done', out.join('') + sseEvent('done', done));
          drainRest();
          opts.onDone?.(done);
          return true;
        }
        case 'error': {
          const code: ErrorCode =
            data.code === 'LIMITS_REACHED' || data.code === 'TOO_MANY_REQUESTS' ? 'upstream_rate_limited' : 'upstream_error';
          finish('upstream-error', out.join('') + errorEvent(code));
          return true;
        }
        default:
          break; // sendResult, message, usage, completeBegin/End, unknown types: not for the visitor
      }
    }
    return false;
  };

  // The idle limit counts only time spent waiting for the upstream; the total limit counts all,
  // so a visitor who never reads is still cut off.
  const idleTimer = setTimeout(function idle() {
    if (waitingUpstream) finish('idle-timeout', errorEvent('upstream_timeout'));
    else idleTimer.refresh();
  }, opts.idleTimeoutMs);
  const totalTimer = setTimeout(() => finish('total-timeout', errorEvent('upstream_timeout')), opts.totalTimeoutMs);
  const unregister = opts.onShutdown?.(() => finish('shutdown', errorEvent('shutting_down'))) ?? (() => {});

  void (async () => {
    while (!finished) {
      waitingUpstream = true;
      idleTimer.refresh();
      let step: Awaited<ReturnType<typeof reader.read>> | undefined;
      try {
        step = await interruptible(reader.read());
      } catch {
        finish('interrupted', errorEvent('stream_interrupted'));
        return;
      } finally {
        waitingUpstream = false;
      }
      if (finished || !step) return; // stopped while waiting
      const out: string[] = [];
      if (handle(step.done ? lines.end() : lines.push(step.value ?? EMPTY), out)) return;
      if (step.done) {
        finish('interrupted', out.join('') + errorEvent('stream_interrupted'));
        return;
      }
      if (out.length > 0 && !sink.write(out.join(''))) await interruptible(sink.ready());
    }
  })();

  return {
    cancel() {
      if (finished) return;
      stop();
      stopUpstream();
      opts.onEnd?.('client-closed');
    },
  };
}

/** Relay straight into Node's response (its headers already written); ends it when done. */
export function relayToResponse(
  body: ReadableStream<Uint8Array> | ChunkReader,
  upstream: AbortController,
  res: ServerResponse,
  opts: RelayOptions,
): void {
  const relay = pump(body, upstream, opts, {
    write: (text) => res.write(text),
    ready: () => new Promise((resolve) => res.once('drain', resolve)),
    close: () => res.end(),
  });
  // The visitor going away before the end cancels the relay and the upstream request (also when
  // they left while the upstream was still answering its headers).
  if (res.destroyed) return relay.cancel();
  res.once('close', () => {
    if (!res.writableFinished) relay.cancel();
  });
}

/** The same relay as a web stream of bytes (for in-process use: `app.request()`, tests). */
export function relayCompletion(
  body: ReadableStream<Uint8Array> | ChunkReader,
  upstream: AbortController,
  opts: RelayOptions,
): ReadableStream<Uint8Array> {
  let relay: Pump;
  let wake: (() => void) | null = null;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      relay = pump(body, upstream, opts, {
        write(text) {
          controller.enqueue(encoder.encode(text));
          return (controller.desiredSize ?? 0) > 0;
        },
        ready: () => new Promise<void>((resolve) => (wake = resolve)),
        close: () => controller.close(),
      });
    },
    pull() {
      wake?.();
      wake = null;
    },
    cancel() {
      relay.cancel();
    },
  });
}

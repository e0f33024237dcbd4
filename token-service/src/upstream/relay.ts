/**
 * The relay: a ChatBotKit JSONL completion stream in, the widget's SSE stream out, one event at a
 * time as it arrives. It forwards only the answer's tokens and one terminal event; upstream error
 * text, headers and unknown event types never pass. Idle and total time limits, and a visitor who
 * goes away, all abort the upstream request and cancel its body reader (on Node 20 an abort signal
 * alone may not reach the socket, nodejs/node#55428).
 */
import { ERROR_CODES, FINISH_REASONS, type ErrorCode, type Wire } from '@tessera/protocol';
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
const PING = encoder.encode(': ping\n\n');

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

export function relayCompletion(body: ReadableStream<Uint8Array> | ChunkReader, upstream: AbortController, opts: RelayOptions) {
  const reader: ChunkReader = 'getReader' in body ? body.getReader() : body;
  const lines = new JsonlDecoder();
  let answer = '';
  let messageId: string | null = null;
  let reason: unknown;
  let finished = false;

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
  const finish = (controller: ReadableStreamDefaultController<Uint8Array>, outcome: RelayOutcome, last?: string) => {
    if (finished) return;
    finished = true;
    clearTimeout(totalTimer);
    unregister();
    if (last) controller.enqueue(encoder.encode(last));
    controller.close();
    if (outcome !== 'done') stopUpstream();
    opts.onEnd?.(outcome);
  };

  /** Map the events of one chunk to SSE text; returns true when a terminal event was produced. */
  const handle = (events: unknown[], out: string[], controller: ReadableStreamDefaultController<Uint8Array>) => {
    for (const ev of events as (UpstreamEvent | undefined)[]) {
      if (!ev) continue; // not a JSON object: ignore, as with unknown event types
      const data = ev.data ?? {};
      switch (ev.type) {
        case 'token':
          if (typeof data.token === 'string' && data.token !== '') {
            answer += data.token;
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
            text: typeof data.text === 'string' ? data.text : answer,
            finishReason: finishReason(data.end?.reason ?? reason),
          };
          finish(controller, 'done', out.join('') + sseEvent('done', done));
          out.length = 0;
          drainRest();
          opts.onDone?.(done);
          return true;
        }
        case 'error': {
          const code: ErrorCode = data.code === 'LIMITS_REACHED' || data.code === 'TOO_MANY_REQUESTS' ? 'upstream_rate_limited' : 'upstream_error';
          finish(controller, 'upstream-error', out.join('') + errorEvent(code));
          out.length = 0;
          return true;
        }
        default:
          break; // sendResult, message, usage, completeBegin/End, unknown types: not for the visitor
      }
    }
    return false;
  };

  let wake: (() => void) | null = null;
  let stream: ReadableStreamDefaultController<Uint8Array>;
  let totalTimer: NodeJS.Timeout | undefined;
  let unregister = () => {};
  const onStop = () => {
    finish(stream, 'shutdown', errorEvent('shutting_down'));
    wake?.();
  };

  return new ReadableStream<Uint8Array>({
    start(controller) {
      stream = controller;
      // Independent of reads: a visitor who never reads stops pulling, and must still be cut off.
      totalTimer = setTimeout(() => {
        finish(controller, 'total-timeout', errorEvent('upstream_timeout'));
        wake?.();
      }, opts.totalTimeoutMs);
      unregister = opts.onShutdown?.(onStop) ?? (() => {});
    },
    async pull(controller) {
      while (!finished) {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), opts.idleTimeoutMs);
          wake = () => resolve('timeout');
        });
        let step: Awaited<ReturnType<typeof reader.read>> | 'timeout';
        try {
          step = await Promise.race([reader.read(), timeout]);
        } catch {
          if (!finished) finish(controller, 'interrupted', errorEvent('stream_interrupted'));
          return;
        } finally {
          clearTimeout(timer);
          wake = null;
        }
        if (finished) return; // cancelled or stopped while waiting
        if (step === 'timeout') {
          finish(controller, 'idle-timeout', errorEvent('upstream_timeout'));
          return;
        }
        const out: string[] = [];
        const terminal = handle(step.done ? lines.end() : lines.push(step.value ?? new Uint8Array()), out, controller);
        if (terminal) return;
        if (step.done) {
          finish(controller, 'interrupted', out.join('') + errorEvent('stream_interrupted'));
          return;
        }
        if (out.length > 0) {
          controller.enqueue(out.length === 1 && out[0] === ': ping\n\n' ? PING : encoder.encode(out.join('')));
          return;
        }
      }
    },
    cancel() {
      if (finished) return;
      finished = true;
      clearTimeout(totalTimer);
      unregister();
      stopUpstream();
      opts.onEnd?.('client-closed');
    },
  });
}

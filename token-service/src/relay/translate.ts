/** The pure translation of ChatBotKit's JSONL completion stream into the answer's text and its end. */
import { ERROR_CODES, FINISH_REASONS, type ErrorCode, type Wire } from '@tessera/protocol';
import { JsonlDecoder } from './jsonl.js';

/** The answer's end as the upstream said it: `text` is null when its result carried none (the log has the tokens). */
export type UpstreamDone = Omit<Wire.DoneEvent, 'text'> & { text: string | null };

/** How an answer ended, as seen in the upstream body; the pump turns it into the stream's outcome. */
export type Terminal =
  | { outcome: 'done'; done: UpstreamDone }
  | { outcome: 'upstream-error'; code: 'upstream_error' | 'upstream_rate_limited' }
  | { outcome: 'interrupted'; code: 'stream_interrupted' };

export function sseEvent(event: Wire.StreamEvent['event'], data: unknown, id?: number): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function errorData(code: ErrorCode): Wire.ErrorEvent {
  return { code, message: ERROR_CODES[code].message, retryable: ERROR_CODES[code].retryable };
}

const INTERRUPTED: Terminal = { outcome: 'interrupted', code: 'stream_interrupted' };

function finishReason(value: unknown): Wire.DoneEvent['finishReason'] {
  return (FINISH_REASONS as readonly unknown[]).includes(value) ? (value as Wire.DoneEvent['finishReason']) : 'unknown';
}

interface UpstreamEvent {
  type?: unknown;
  data?: { token?: unknown; id?: unknown; text?: unknown; end?: { reason?: unknown }; code?: unknown };
}

const NONE: readonly string[] = Object.freeze([]);

/**
 * One answer's translation: feed it the upstream body's chunks, in any chunking; each call returns
 * the answer's tokens those chunks completed (each becomes one event), notes a keep-alive in `pinged`, and
 * sets `terminal` once the answer is over (further input is ignored). Upstream error text and
 * unknown event types never come out. No timers, no I/O and no copy of the answer: the pump owns
 * the first two, the answer log the text.
 */
export class Translator {
  /** Set once, when the answer is over. */
  terminal: Terminal | null = null;
  /** The last chunk carried a keep-alive. */
  pinged = false;
  private readonly lines = new JsonlDecoder();
  private messageId: string | null = null;
  private reason: unknown;

  /** Translate one chunk of the body; returns the tokens it completed (non-empty strings). */
  push(chunk: Uint8Array): readonly string[] {
    this.pinged = false;
    return this.terminal ? NONE : this.translate(this.lines.push(chunk));
  }

  /** The body ended: translate its last line; an answer that did not end is `stream_interrupted`. */
  end(): readonly string[] {
    this.pinged = false;
    if (this.terminal) return NONE;
    const out = this.translate(this.lines.end());
    this.terminal ??= INTERRUPTED;
    return out;
  }

  private translate(events: unknown[]): readonly string[] {
    let out: string[] | null = null;
    for (const ev of events as (UpstreamEvent | undefined)[]) {
      if (!ev) continue; // not a JSON object: ignored, like an unknown event type
      const data = ev.data ?? {};
      switch (ev.type) {
        case 'token':
          if (typeof data.token === 'string' && data.token !== '') (out ??= []).push(data.token);
          break;
        case 'receiveResult':
          if (typeof data.id === 'string') this.messageId = data.id;
          this.reason = data.end?.reason;
          break;
        case 'ping':
          this.pinged = true;
          break;
        case 'result':
          this.terminal = {
            outcome: 'done',
            done: {
              messageId: typeof data.id === 'string' ? data.id : this.messageId,
              text: typeof data.text === 'string' ? data.text : null,
              finishReason: finishReason(data.end?.reason ?? this.reason),
            },
          };
          return out ?? NONE;
        case 'error':
          // Only our own code reaches the visitor: the upstream's message may carry anything.
          this.terminal = {
            outcome: 'upstream-error',
            code:
              data.code === 'LIMITS_REACHED' || data.code === 'TOO_MANY_REQUESTS' ? 'upstream_rate_limited' : 'upstream_error',
          }; // check: relay-error-event
          return out ?? NONE;
        default:
          break; // sendResult, message, usage, completeBegin/End, unknown types: not for the visitor
      }
    }
    return out ?? NONE;
  }
}

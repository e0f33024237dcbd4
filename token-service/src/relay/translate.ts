/** The pure translation of ChatBotKit's JSONL completion stream into the widget's SSE events. */
import { ERROR_CODES, FINISH_REASONS, type ErrorCode, type Wire } from '@tessera/protocol';
import { JsonlDecoder } from './jsonl.js';

/** How an answer ended, as seen in the upstream body; the pump turns it into the stream's outcome. */
export type Terminal =
  | { outcome: 'done'; done: Wire.DoneEvent }
  | { outcome: 'upstream-error'; code: 'upstream_error' | 'upstream_rate_limited' }
  | { outcome: 'interrupted'; code: 'stream_interrupted' };

export function sseEvent(event: Wire.StreamEvent['event'], data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function errorEvent(code: ErrorCode): string {
  const data: Wire.ErrorEvent = { code, message: ERROR_CODES[code].message, retryable: ERROR_CODES[code].retryable };
  return sseEvent('error', data);
}

/** A keep-alive for the visitor's connection (and any proxy in between); the widget ignores it. */
const PING = ': ping\n\n';
const INTERRUPTED: Terminal = { outcome: 'interrupted', code: 'stream_interrupted' };

function finishReason(value: unknown): Wire.DoneEvent['finishReason'] {
  return (FINISH_REASONS as readonly unknown[]).includes(value) ? (value as Wire.DoneEvent['finishReason']) : 'unknown';
}

interface UpstreamEvent {
  type?: unknown;
  data?: { token?: unknown; id?: unknown; text?: unknown; end?: { reason?: unknown }; code?: unknown };
}

/**
 * One answer's translation: feed it the upstream body's chunks, in any chunking, and write what it
 * returns to the visitor. Only the answer's tokens and one terminal event (`done` or `error`) come
 * out; upstream error text and unknown event types never do. Once `terminal` is set, the answer is
 * over and further input is ignored. No timers, no I/O: the pump owns those.
 */
export class Translator {
  /** Set once, when the answer is over. */
  terminal: Terminal | null = null;
  private readonly lines = new JsonlDecoder();
  // The answer so far, for a `result` without text: joined every 64 tokens, so a long answer is
  // held as a few flat strings rather than one string per token (thousands of answers are held).
  private answer = '';
  private recent: string[] = [];
  private messageId: string | null = null;
  private reason: unknown;

  /** Translate one chunk of the body; returns the SSE text it completed ('' when none). */
  push(chunk: Uint8Array): string {
    return this.terminal ? '' : this.translate(this.lines.push(chunk));
  }

  /** The body ended: translate its last line; an answer that did not end is `stream_interrupted`. */
  end(): string {
    if (this.terminal) return '';
    const out = this.translate(this.lines.end());
    if (this.terminal) return out;
    this.terminal = INTERRUPTED;
    return out + errorEvent('stream_interrupted');
  }

  private translate(events: unknown[]): string {
    let out = '';
    for (const ev of events as (UpstreamEvent | undefined)[]) {
      if (!ev) continue; // not a JSON object: ignored, like an unknown event type
      const data = ev.data ?? {};
      switch (ev.type) {
        case 'token':
          if (typeof data.token === 'string' && data.token !== '') {
            this.remember(data.token);
            out += sseEvent('token', { token: data.token });
          }
          break;
        case 'receiveResult':
          if (typeof data.id === 'string') this.messageId = data.id;
          this.reason = data.end?.reason;
          break;
        case 'ping':
          out += PING;
          break;
        case 'result': {
          const done: Wire.DoneEvent = {
            messageId: typeof data.id === 'string' ? data.id : this.messageId,
            text: typeof data.text === 'string' ? data.text : this.answer + this.recent.join(''),
            finishReason: finishReason(data.end?.reason ?? this.reason),
          };
          this.terminal = { outcome: 'done', done };
          return out + sseEvent('done', done);
        }
        case 'error': {
          // Only our own code reaches the visitor: the upstream's message may carry anything.
          const code =
            data.code === 'LIMITS_REACHED' || data.code === 'TOO_MANY_REQUESTS' ? 'upstream_rate_limited' : 'upstream_error';
          this.terminal = { outcome: 'upstream-error', code };
          return out + errorEvent(code); // check: relay-error-event
        }
        default:
          break; // sendResult, message, usage, completeBegin/End, unknown types: not for the visitor
      }
    }
    return out;
  }

  private remember(token: string): void {
    this.recent.push(token);
    if (this.recent.length === 64) {
      this.answer += this.recent.join('');
      this.recent = [];
    }
  }
}

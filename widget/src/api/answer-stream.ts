/**
 * The relay's answer stream (`POST conversations/{id}/messages`, or an answer reattached to with
 * `GET conversations/{id}/answers/{answerId}`) as typed events: the answer's id (`start`), the text
 * of the `token` events of each network chunk as one batch (so a caller renders once per chunk, not
 * once per token), then exactly one terminal event, which settles the promise: `done` resolves with
 * it, an `error` event rejects with its ApiError, and a body that ends without either rejects with
 * `stream_interrupted`. A read that fails (an abort, a broken connection) rejects with that failure:
 * the caller tells a stop from a failure by its own AbortSignal, and reattaches after `id`.
 *
 * The `text/event-stream` body is read here by hand instead of with eventsource-parser (the house
 * default): ~20 lines against ~1.4 KB gzip of a 24 KB budget, and our one server only ever sends
 * `event:`, `id:` and `data:` fields, `:` keep-alives and `\n` line ends (`\r\n` tolerated).
 */
import type * as Wire from '@tessera/protocol/types';
import { ApiError } from './errors.js';

export interface AnswerReader {
  /** The text of one network chunk's `token` events. */
  tokens(text: string): void;
  /** The answer's id (its first event): what it is reattached to and stopped by. */
  start?(answerId: string): void;
  /**
   * Set as events are read: the id of the last one (how much of the answer's text came, in UTF-16
   * code units), which a reattach sends as Last-Event-ID to get the rest, nothing twice.
   */
  id?: string;
}

export async function readAnswer(body: ReadableStream<Uint8Array>, on: AnswerReader): Promise<Wire.DoneEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  // The last event id seen, as EventSource keeps it (an event without one keeps the one before).
  let id = '';
  let end: Wire.DoneEvent | ApiError | undefined;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    // Whole events, each ended by a blank line; the rest waits for the next chunk.
    const events = (buffer + decoder.decode(value, { stream: true })).replace(/\r/g, '').split('\n\n');
    buffer = events.pop()!;
    let tokens = '';
    for (const event of events) {
      let name = 'message';
      const data: string[] = [];
      // One field a line (`field: value`); a comment's field is empty.
      for (const [, field, value = ''] of event.matchAll(/^([^:\n]*):? ?(.*)/gm)) {
        if (field === 'event') name = value;
        else if (field === 'data') data.push(value);
        else if (field === 'id') id = value;
      }
      // The first terminal event is the answer's end: nothing after it counts.
      if (!data.length || end) continue;
      try {
        const value = JSON.parse(data.join('\n')) as Record<string, unknown>;
        if (name === 'token') tokens += String(value['token'] ?? '');
        else if (name === 'start') on.start?.(value['answerId'] as string);
        else if (name === 'done') end = value as Wire.DoneEvent;
        else if (name === 'error') {
          const e = value as Wire.ErrorEvent;
          end = new ApiError(e.code, 0, e.message, undefined, e.retryable);
        }
        on.id = id;
      } catch {
        end = new ApiError('bad_response', 0);
      }
    }
    if (tokens) on.tokens(tokens);
  }
  if (!end) throw new ApiError('stream_interrupted', 0);
  if (end instanceof ApiError) throw end;
  return end;
}

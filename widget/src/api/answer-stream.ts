/**
 * The relay's answer stream (`POST conversations/{id}/messages`) as typed events: the text of the
 * `token` events of each network chunk as one batch (so a caller renders once per chunk, not once
 * per token), then exactly one terminal event, which settles the promise: `done` resolves with it,
 * an `error` event rejects with its ApiError, and a body that ends without either rejects with
 * `stream_interrupted`. A read that fails (an abort, a broken connection) rejects with that failure:
 * the caller tells a stop from a failure by its own AbortSignal.
 */
import type * as Wire from '@tessera/protocol/types';
import { ApiError } from './errors.js';
import { readSse } from './sse.js';

export async function readAnswer(body: ReadableStream<Uint8Array>, onTokens: (text: string) => void): Promise<Wire.DoneEvent> {
  let tokens = '';
  let end: Wire.DoneEvent | ApiError | undefined;
  await readSse(body, {
    event(name, data) {
      // The first terminal event is the answer's end: nothing after it counts.
      if (end) return;
      try {
        const value = JSON.parse(data) as Record<string, unknown>;
        if (name === 'token') tokens += String(value['token'] ?? '');
        else if (name === 'done') end = value as Wire.DoneEvent;
        else if (name === 'error') {
          const e = value as Wire.ErrorEvent;
          end = new ApiError(e.code, 0, e.message, undefined, e.retryable);
        }
      } catch {
        end = new ApiError('bad_response', 0);
      }
    },
    chunk() {
      if (tokens) onTokens(tokens);
      tokens = '';
    },
  });
  if (!end) throw new ApiError('stream_interrupted', 0);
  if (end instanceof ApiError) throw end;
  return end;
}

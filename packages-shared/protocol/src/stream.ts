/**
 * The relay's answer stream (`text/event-stream`): `start` (the answer's id, for reattaching), `token`
 * events as the answer arrives, then exactly one terminal event, `done` or `error`. Lines starting
 * with `:` are keep-alive comments. Every event has an SSE `id`: how many UTF-16 code units of the
 * answer's text the reader holds after it (`start` is 0). Reattaching with that id as
 * `Last-Event-ID` continues with the text after it: nothing missed, nothing twice.
 */
import { z } from 'zod';
import { ERROR_CODE_LIST } from './codes.js';
import { AnswerId } from './ids.js';
import { FINISH_REASONS } from './limits.js';

export const StartEvent = z
  .strictObject({ answerId: AnswerId })
  .meta({ id: 'StartEvent', description: 'The first event: the id to reattach to this answer with.' });

export const TokenEvent = z.strictObject({ token: z.string() }).meta({ id: 'TokenEvent' });

export const DoneEvent = z
  .strictObject({
    messageId: z.string().nullable(),
    text: z.string(),
    finishReason: z.enum(FINISH_REASONS),
  })
  .meta({ id: 'DoneEvent' });

export const ErrorEvent = z
  .strictObject({
    code: z.enum(ERROR_CODE_LIST as [string, ...string[]]),
    message: z.string(),
    retryable: z.boolean(),
  })
  .meta({ id: 'ErrorEvent' });

export const STREAM_EVENTS = { start: StartEvent, token: TokenEvent, done: DoneEvent, error: ErrorEvent } as const;
export type StreamEventName = keyof typeof STREAM_EVENTS;

/**
 * The `data` of each event of an answer stream: `start` carries a StartEvent, `token` events a
 * TokenEvent, the one terminal event a DoneEvent (`done`) or an ErrorEvent (`error`).
 */
export const StreamEventData = z
  .union([StartEvent, TokenEvent, DoneEvent, ErrorEvent])
  .meta({ id: 'StreamEventData', description: 'The JSON `data` of one event of the answer stream.' });

/**
 * The relay's answer stream (`text/event-stream`): `token` events as the answer arrives, then exactly
 * one terminal event, `done` or `error`. Lines starting with `:` are keep-alive comments.
 */
import { z } from 'zod';
import { ERROR_CODE_LIST } from './codes.js';
import { FINISH_REASONS } from './limits.js';

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

export const STREAM_EVENTS = { token: TokenEvent, done: DoneEvent, error: ErrorEvent } as const;
export type StreamEventName = keyof typeof STREAM_EVENTS;

/**
 * The `data` of each event of an answer stream: `token` events carry a TokenEvent, the one terminal
 * event a DoneEvent (`done`) or an ErrorEvent (`error`).
 */
export const StreamEventData = z
  .union([TokenEvent, DoneEvent, ErrorEvent])
  .meta({ id: 'StreamEventData', description: 'The JSON `data` of one event of the answer stream.' });

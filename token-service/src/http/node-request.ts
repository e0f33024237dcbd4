/**
 * The Node request behind a Hono context, when there is one (the service runs on @hono/node-server;
 * in-process `app.request()` calls have none). Reading the body and noticing a client that went
 * away through Node's own objects avoids building a full Fetch `Request` (an AbortController, web
 * streams, transferables) for every request, which measurably costs memory per held answer
 * stream (`pnpm bench streams`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'hono';
import { readCappedBytes, readCappedText, readerOf } from '../platform/read-capped.js';

interface NodeBindings {
  incoming?: IncomingMessage;
  outgoing?: ServerResponse;
}

const bindings = (c: Context): NodeBindings => (c.env ?? {}) as NodeBindings;

/** The request body as text, at most `max` bytes (TooLargeError beyond). */
export function readBodyText(c: Context, max: number): Promise<string> {
  const incoming = bindings(c).incoming;
  if (!incoming) return c.req.raw.body ? readCappedText(c.req.raw.body, max, { fatal: true }) : Promise.resolve('');
  // Past the limit only stop reading: Node discards the rest once the 413 is sent, and the
  // connection stays usable for that answer.
  return readCappedText(
    readerOf(incoming, () => incoming.pause()),
    max,
    { fatal: true },
  );
}

/** The request body as bytes, at most `max` (TooLargeError beyond). */
export function readBodyRaw(c: Context, max: number): Promise<Uint8Array> {
  const incoming = bindings(c).incoming;
  if (!incoming) return c.req.raw.body ? readCappedBytes(c.req.raw.body, max) : Promise.resolve(new Uint8Array());
  return readCappedBytes(
    readerOf(incoming, () => incoming.pause()),
    max,
  );
}

/** Node's response object behind the context, when the service runs on a socket. */
export function nodeResponse(c: Context): ServerResponse | undefined {
  return bindings(c).outgoing;
}

/**
 * Abort `controller` if the client goes away before its response was sent in full, until the
 * returned function is called (for a wait of its own, so nothing stays attached afterwards).
 */
export function abortIfClientGoes(c: Context, controller: AbortController): () => void {
  const outgoing = bindings(c).outgoing;
  if (!outgoing) {
    const signal = c.req.raw.signal;
    const onAbort = () => controller.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    return () => signal.removeEventListener('abort', onAbort);
  }
  const onClose = () => {
    if (!outgoing.writableFinished) controller.abort();
  };
  outgoing.once('close', onClose);
  return () => outgoing.off('close', onClose);
}

/** A signal that fires when the client goes away before its response was sent in full. */
export function clientGone(c: Context): AbortSignal {
  if (!bindings(c).outgoing) return c.req.raw.signal;
  const controller = new AbortController();
  abortIfClientGoes(c, controller);
  return controller.signal;
}

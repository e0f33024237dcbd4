/**
 * The Node request behind a Hono context, when there is one (the service runs on @hono/node-server;
 * in-process `app.request()` calls have none). Reading the body and noticing a client that went
 * away through Node's own objects avoids building a full Fetch `Request` (an AbortController, web
 * streams, transferables) for every request, which measurably costs memory per held answer
 * stream (`pnpm bench streams`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'hono';
import { TooLargeError, readCappedText } from './read-capped.js';

interface NodeBindings {
  incoming?: IncomingMessage;
  outgoing?: ServerResponse;
}

const bindings = (c: Context): NodeBindings => (c.env ?? {}) as NodeBindings;

/** The request body as text, at most `max` bytes (TooLargeError beyond). */
export function readBodyText(c: Context, max: number): Promise<string> {
  const incoming = bindings(c).incoming;
  if (!incoming) return c.req.raw.body ? readCappedText(c.req.raw.body, max, { fatal: true }) : Promise.resolve('');
  return new Promise((resolve, reject) => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let size = 0;
    let text = '';
    const stop = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > max) {
        // Stop listening; Node discards the rest of the body once the response is sent.
        stop();
        incoming.pause();
        reject(new TooLargeError(`more than ${max} bytes`));
        return;
      }
      try {
        text += decoder.decode(chunk, { stream: true });
      } catch (err) {
        stop();
        reject(err);
      }
    };
    const onEnd = () => {
      stop();
      try {
        resolve(text + decoder.decode());
      } catch (err) {
        reject(err);
      }
    };
    const onError = (err: Error) => {
      stop();
      reject(err);
    };
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
  });
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

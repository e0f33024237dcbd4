/** Where a relayed answer goes: straight into Node's response, or into a web stream of bytes. */
import type { ServerResponse } from 'node:http';
import type { UnderlyingSource } from 'node:stream/web';
import type { ChunkReader } from '../platform/read-capped.js';
import { Pump, type RelayOptions, type Sink } from './pump.js';

const encoder = new TextEncoder();

/**
 * Relay straight into Node's response (its headers already written); ends it when done. On a
 * socket this is the form to use: no web stream and no reader loop per held answer, a quarter of
 * what a held stream cost that way (`pnpm bench streams`).
 */
export function relayToResponse(
  body: ReadableStream<Uint8Array> | ChunkReader,
  upstream: AbortController,
  res: ServerResponse,
  opts: RelayOptions,
): void {
  const relay = new Pump(body, upstream, opts);
  relay.start(new ResponseSink(res));
  // The visitor going away before the end cancels the relay and the upstream request (also when
  // they left while the upstream was still answering its headers: no close event will come then).
  if (res.destroyed) return relay.cancel(); // check: relay-gone-before-start
  res.once('close', () => {
    if (!res.writableFinished) relay.cancel(); // check: relay-response-close
  });
}

/** The same relay as a web stream of bytes (for in-process use: `app.request()`, tests). */
export function relayCompletion(
  body: ReadableStream<Uint8Array> | ChunkReader,
  upstream: AbortController,
  opts: RelayOptions,
): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(new StreamSink(new Pump(body, upstream, opts)));
}

/** Node's own back-pressure: `write` says when the socket is behind, `drain` when it caught up. */
class ResponseSink implements Sink {
  constructor(private readonly res: ServerResponse) {}

  write(text: string): boolean {
    return this.res.write(text);
  }

  ready(): Promise<void> {
    return new Promise((resolve) => this.res.once('drain', resolve));
  }

  close(): void {
    this.res.end();
  }
}

/**
 * The sink is also the stream's underlying source: the stream's `pull` (the reader wants more)
 * wakes a waiting write, and its `cancel` (the reader went away) cancels the relay.
 */
class StreamSink implements Sink, UnderlyingSource<Uint8Array> {
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private wake: (() => void) | null = null;

  constructor(private readonly relay: Pump) {}

  start(controller: ReadableStreamDefaultController<Uint8Array>): void {
    this.controller = controller;
    this.relay.start(this);
  }

  pull(): void {
    this.wake?.();
    this.wake = null;
  }

  cancel(): void {
    this.relay.cancel();
  }

  write(text: string): boolean {
    this.controller.enqueue(encoder.encode(text));
    return (this.controller.desiredSize ?? 0) > 0;
  }

  ready(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wake = resolve;
    });
  }

  close(): void {
    this.controller.close();
  }
}

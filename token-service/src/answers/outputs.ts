/** Where a reader of an answer writes: straight into Node's response, or into a web stream of bytes. */
import type { ServerResponse } from 'node:http';
import type { Output } from './entry.js';

const encoder = new TextEncoder();

/**
 * Node's response (its headers already written), with Node's own back-pressure: `write` says when
 * the socket is behind, `drain` when it caught up. On a socket this is the form to use: no web
 * stream and no reader loop per held answer (`pnpm bench streams`).
 */
export class ResponseOutput implements Output {
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

  onGone(gone: () => void): void {
    // Gone before it started (no close event will come then), or later before the end.
    if (this.res.destroyed) return queueMicrotask(gone); // check: reader-gone-before-start
    this.res.once('close', () => {
      if (!this.res.writableFinished) gone();
    });
  }
}

/**
 * The same as a web stream of bytes (in-process `app.request()`, tests): the stream's `pull` (the
 * reader wants more) wakes a waiting write, and its `cancel` (the reader went away) is `gone`.
 */
export function streamOutput(attach: (out: Output) => void): ReadableStream<Uint8Array> {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let wake: (() => void) | null = null;
  let gone: (() => void) | null = null;
  let closed = false;
  const out: Output = {
    write(text) {
      if (closed) return true;
      controller.enqueue(encoder.encode(text));
      return (controller.desiredSize ?? 0) > 0;
    },
    ready: () =>
      new Promise<void>((resolve) => {
        wake = resolve;
      }),
    close() {
      if (closed) return;
      closed = true;
      controller.close();
    },
    onGone(cb) {
      gone = cb;
    },
  };
  return new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      attach(out);
    },
    pull() {
      wake?.();
      wake = null;
    },
    cancel() {
      closed = true;
      gone?.();
    },
  });
}

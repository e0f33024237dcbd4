/**
 * Serves a completion run as JSONL or SSE. The body is a pull-based ReadableStream, so events are
 * produced as the client reads (never buffered), 'ping' events are pushed every pingIntervalMs while
 * the run is active, and the response is only handed over once the first event exists (the server
 * sends no headers before that). A client disconnect cancels the stream and stops the run at once;
 * the close-mid-stream fault destroys the socket (or errors the body when used in-process).
 */
import { encodeEvent, pingEvent } from './events.js';
import type { StreamMode } from './events.js';
import type { CompletionRun } from './runner.js';
import type { Core } from '../core.js';
import type { Connection } from '../http/connection.js';

const CONTENT_TYPE: Record<StreamMode, string> = {
  jsonl: 'application/jsonl',
  sse: 'text/event-stream',
};

export function streamCompletion(core: Core, run: CompletionRun, mode: StreamMode, connection: Connection): Promise<Response> {
  let pingTimer: NodeJS.Timeout | null = null;
  let finished = false;
  let controllerRef: ReadableStreamDefaultController<Uint8Array> | null = null;
  let markStarted: () => void = () => {};
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  // A stalled pull waits on this; cancel/shutdown releases it.
  let releaseStall: () => void = () => {};

  const stopPings = (): void => {
    if (pingTimer) clearInterval(pingTimer);
    pingTimer = null;
  };
  const untrack = core.lifecycle.track(() => {
    run.shutdown();
    finish();
    if (!connection.destroy()) controllerRef?.error(new Error('cbk-emulator shut down'));
  });
  function finish(): void {
    finished = true;
    stopPings();
    releaseStall();
    untrack();
    markStarted();
  }
  const enqueue = (controller: ReadableStreamDefaultController<Uint8Array>, chunk: Uint8Array): void => {
    if (finished) return;
    controller.enqueue(chunk);
    markStarted();
  };

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controllerRef = controller;
      const interval = core.config.pingIntervalMs;
      if (interval > 0) {
        pingTimer = setInterval(() => enqueue(controller, encodeEvent(pingEvent(), mode)), interval);
      }
    },
    async pull(controller) {
      const step = await run.next();
      if (finished) return;
      switch (step.kind) {
        case 'event':
          // Nothing may follow the final result, not even a ping.
          if (step.event.type === 'result') stopPings();
          enqueue(controller, encodeEvent(step.event, mode));
          return;
        case 'error':
          enqueue(controller, encodeEvent(step.event, mode));
          finish();
          controller.close();
          return;
        case 'done':
        case 'cancelled':
          finish();
          controller.close();
          return;
        case 'stall':
          // Go silent: no more events, no pings, until the client or close() ends it.
          stopPings();
          markStarted();
          await new Promise<void>((resolve) => (releaseStall = resolve));
          return;
        case 'close':
          stopPings();
          markStarted();
          await connection.drained();
          finish();
          if (!connection.destroy()) controller.error(new Error('connection closed by fault'));
          return;
      }
    },
    cancel() {
      run.cancelByClient();
      finish();
    },
  });

  return started.then(() => new Response(body, { status: 200, headers: { 'Content-Type': CONTENT_TYPE[mode] } }));
}

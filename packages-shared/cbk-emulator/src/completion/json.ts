/**
 * Serves a completion run as one JSON body ({id, text, usage, end}): the run is driven to its end
 * (token delays included, so latency is realistic) and only then answered. An in-band error becomes
 * a plain error response; a stall never answers; close-mid-stream breaks the connection without a
 * response. The client going away stops the run.
 */
import { ERROR_CODES, errorResponse, isErrorCode } from '../http/errors.js';
import type { CompletionRun } from './runner.js';
import type { Core } from '../core.js';
import type { Connection } from '../http/connection.js';

function waitForEnd(core: Core, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const untrack = core.lifecycle.track(resolve);
    signal.addEventListener(
      'abort',
      () => {
        untrack();
        resolve();
      },
      { once: true },
    );
  });
}

export async function jsonCompletion(
  core: Core,
  run: CompletionRun,
  request: Request,
  connection: Connection,
): Promise<Response> {
  const onAbort = (): void => run.cancelByClient();
  request.signal.addEventListener('abort', onAbort, { once: true });
  const untrack = core.lifecycle.track(() => {
    run.shutdown();
    connection.destroy();
  });
  try {
    for (;;) {
      const step = await run.next();
      switch (step.kind) {
        case 'event':
          continue;
        case 'done':
          return new Response(JSON.stringify(step.result), { status: 200, headers: { 'Content-Type': 'application/json' } });
        case 'error': {
          const status = isErrorCode(step.code) ? ERROR_CODES[step.code].status : 500;
          return errorResponse(status, step.code, step.message);
        }
        case 'stall':
          await waitForEnd(core, request.signal);
          run.cancelByClient();
          connection.destroy();
          return errorResponse(504, 'GATEWAY_TIMEOUT', 'Gateway timeout');
        case 'close':
          if (connection.destroy()) return new Response(null, { status: 502 });
          return new Response(new ReadableStream({ start: (c) => c.error(new Error('connection closed by fault')) }), {
            status: 200,
            headers: { 'Content-Type': 'application/json' },
          });
        case 'cancelled':
          // Client gone or shutdown: nobody reads this.
          return errorResponse(499, 'GENERIC_ERROR', 'Client closed request');
      }
    }
  } finally {
    request.signal.removeEventListener('abort', onAbort);
    untrack();
  }
}

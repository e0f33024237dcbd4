/**
 * Applying an entry fault to a request, before any API logic runs: a plain error status with the
 * doc's error body, an error that leaks every request header (to test that a relay never forwards
 * upstream error text), a redirect to another host, or a stall that never sends headers.
 */
import { defaultCodeForStatus, defaultMessageForCode, errorResponse } from '../http/errors.js';
import type { Connection } from '../http/connection.js';
import type { Core } from '../core.js';
import type { Fault } from '../types.js';

type EntryFault = Extract<Fault, { kind: 'status' | 'echo-headers' | 'redirect' | 'stall-before-headers' }>;

/**
 * Wait until the client goes away or the emulator shuts down. On shutdown the socket is destroyed
 * first, so the client sees a broken connection rather than a late response.
 */
function stall(core: Core, request: Request, connection: Connection): Promise<void> {
  const { signal } = request;
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    let untrack = (): void => {};
    const done = (): void => {
      untrack();
      signal.removeEventListener('abort', done);
      resolve();
    };
    untrack = core.lifecycle.track(() => {
      connection.destroy();
      done();
    });
    signal.addEventListener('abort', done, { once: true });
  });
}

export async function applyEntryFault(
  fault: EntryFault,
  core: Core,
  request: Request,
  headers: Record<string, string>,
  connection: Connection,
): Promise<Response> {
  switch (fault.kind) {
    case 'status': {
      const code = fault.code ?? defaultCodeForStatus(fault.status);
      return errorResponse(fault.status, code, defaultMessageForCode(code));
    }
    case 'echo-headers': {
      const status = fault.status ?? 500;
      const code = defaultCodeForStatus(status);
      return errorResponse(status, code, `Upstream request failed; request headers: ${JSON.stringify(headers)}`);
    }
    case 'redirect':
      return new Response(null, { status: fault.status ?? 302, headers: { Location: fault.location } });
    case 'stall-before-headers':
      await stall(core, request, connection);
      // Nobody is listening any more; this response only completes the handler.
      return errorResponse(504, 'GATEWAY_TIMEOUT', 'Gateway timeout');
  }
}

/**
 * Access to the node socket behind a request (via @hono/node-server's HttpBindings on c.env), used
 * by faults that must break the connection for real. In-process use (app.request) has no socket;
 * callers then fall back to erroring the response stream.
 */
import type { Context } from 'hono';
import type { HttpBindings } from '@hono/node-server';

export interface Connection {
  /** Break the connection abruptly (true also when it is already broken); false when there is no socket (in-process). */
  destroy(): boolean;
  /** Resolve once everything written so far has left the process (best effort). */
  drained(): Promise<void>;
}

/** @hono/node-server passes {incoming, outgoing} as env; in-process calls pass nothing. */
function bindingsOf(c: Context): Partial<HttpBindings> {
  const env: unknown = c.env;
  return typeof env === 'object' && env !== null && 'incoming' in env ? (env as Partial<HttpBindings>) : {};
}

export function connectionOf(c: Context): Connection {
  const { incoming, outgoing } = bindingsOf(c);
  const socket = incoming?.socket;
  return {
    destroy() {
      if (!socket) return false;
      if (!socket.destroyed) socket.destroy();
      return true;
    },
    async drained() {
      // Wait until the response and socket buffers are empty, then a little longer so the peer has
      // read the bytes before the connection dies (an RST/FIN must not overtake them).
      for (let i = 0; i < 100; i++) {
        const pending = (outgoing?.writableLength ?? 0) + (socket?.writableLength ?? 0);
        if (pending === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    },
  };
}

/**
 * Listening and shutting down. The HTTP server bounds how long a client may take to send headers
 * and a whole request (slowloris, trickled bodies). Shutdown drains: readiness turns false, the
 * listener closes, open answer streams get `streamDrainMs` to finish before they are told to
 * reconnect, and after `shutdownTimeoutMs` at most every connection is closed and the store flushed.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Service } from '../service.js';
import type { AppEnv } from './context.js';

const SOCKET_IDLE_MS = 120_000;

export interface Listening {
  server: ServerType;
  port: number;
}

export function listen(
  app: Pick<Hono<AppEnv>, 'fetch'>,
  opts: { port: number; host: string; server: Config['server'] },
): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        fetch: app.fetch,
        port: opts.port,
        hostname: opts.host,
        serverOptions: {
          headersTimeout: opts.server.headersTimeoutMs,
          requestTimeout: opts.server.requestTimeoutMs,
          keepAliveTimeout: 5000,
          // How often Node checks the two timeouts above; its default (30 s) would make them lax.
          connectionsCheckingInterval: Math.min(1000, opts.server.headersTimeoutMs),
        },
      },
      (info: AddressInfo) => resolve({ server, port: info.port }),
    );
    // A socket with no traffic either way for this long is dead (a client that stopped reading,
    // a vanished peer); answer streams send keep-alives well within it.
    server.setTimeout(SOCKET_IDLE_MS);
    server.once('error', reject);
  });
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function shutdown(
  listening: Listening[],
  services: Pick<Service, 'lifecycle' | 'limits' | 'close'>,
  opts: { streamDrainMs: number; shutdownTimeoutMs: number; logger: Logger },
): Promise<void> {
  const started = Date.now();
  const deadline = started + opts.shutdownTimeoutMs;
  services.lifecycle.startDrain();
  const closed = listening.map(
    ({ server }) =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeIdleConnections' in server) server.closeIdleConnections();
      }),
  );
  opts.logger.info({ openStreams: services.limits.streams.open }, 'draining');

  const streamDeadline = Math.min(started + opts.streamDrainMs, deadline);
  while (services.limits.streams.open > 0 && Date.now() < streamDeadline) await wait(50);
  if (services.limits.streams.open > 0) {
    opts.logger.info({ openStreams: services.limits.streams.open }, 'ending open streams: clients will reconnect');
    services.lifecycle.stopStreams();
  }

  const allClosed = Promise.all(closed).then(() => true);
  const timedOut = wait(Math.max(0, deadline - Date.now())).then(() => false);
  if (!(await Promise.race([allClosed, timedOut]))) {
    opts.logger.warn('shutdown timeout: closing remaining connections');
    for (const { server } of listening) if ('closeAllConnections' in server) server.closeAllConnections();
  }
  await services.close();
  opts.logger.info({ ms: Date.now() - started }, 'stopped');
}

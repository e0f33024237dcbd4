/**
 * startEmulator: serves an emulator over HTTP on loopback with @hono/node-server. close() ends open
 * streams and stalls, destroys keep-alive sockets and writes the state file, so a test process or
 * the demo can exit promptly.
 */
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmulator } from './emulator.js';
import type { Emulator, EmulatorOptions } from './types.js';

export interface StartOptions extends EmulatorOptions {
  /** 0 = ephemeral; default 0. */
  port?: number;
  /** Default 127.0.0.1. */
  hostname?: string;
}

export interface RunningEmulator {
  emulator: Emulator;
  /** e.g. http://127.0.0.1:PORT */
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startEmulator(opts: StartOptions = {}): Promise<RunningEmulator> {
  const emulator = createEmulator(opts);
  const hostname = opts.hostname ?? '127.0.0.1';
  const { server, port } = await new Promise<{ server: Server; port: number }>((resolve, reject) => {
    const created = serve({ fetch: emulator.app.fetch, port: opts.port ?? 0, hostname }, (info: AddressInfo) =>
      resolve({ server: created as Server, port: info.port }),
    ) as Server;
    created.once('error', reject);
  });
  const host = hostname.includes(':') ? `[${hostname}]` : hostname;
  let closing: Promise<void> | null = null;

  return {
    emulator,
    url: `http://${host}:${port}`,
    port,
    close() {
      closing ??= (async () => {
        emulator.shutdown();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
        await emulator.flush();
      })();
      return closing;
    },
  };
}

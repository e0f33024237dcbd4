import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
const mode = process.argv[2] ?? 'stream';
const app = new Hono<{ Bindings: { outgoing: import('node:http').ServerResponse } }>();
const timers: NodeJS.Timeout[] = [];
app.post('/s', async (c) => {
  if (mode === 'direct') {
    const out = c.env.outgoing;
    out.writeHead(200, { 'content-type': 'text/event-stream' });
    out.write(': hi\n\n');
    return new Response(null, { headers: { 'x-hono-already-sent': '1' } });
  }
  const enc = new TextEncoder();
  return c.body(new ReadableStream<Uint8Array>({ start(ctl) { ctl.enqueue(enc.encode(': hi\n\n')); } }), 200, { 'content-type': 'text/event-stream' });
});
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise((r) => server.once('listening', r));
const port = (server.address() as AddressInfo).port;
const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
const held: any[] = [];
const open = () => new Promise<void>((resolve, reject) => {
  const req = request({ port, host: '127.0.0.1', path: '/s', method: 'POST', agent, headers: { 'content-length': '2' } });
  req.on('error', reject);
  req.on('response', (res) => { res.once('data', () => resolve()); res.on('data', () => {}); held.push(req); });
  req.end('{}');
});
const gc = (globalThis as any).gc as () => void;
for (let i = 0; i < 200; i++) await open();
await new Promise((r) => setTimeout(r, 500)); gc(); gc();
const m0 = process.memoryUsage();
const N = 2000;
for (let i = 0; i < N; i += 200) await Promise.all(Array.from({ length: 200 }, open));
await new Promise((r) => setTimeout(r, 500)); gc(); gc();
const m1 = process.memoryUsage();
console.log(mode, 'heap+external per stream (server and client in one process):', ((m1.heapUsed + m1.external - m0.heapUsed - m0.external) / N / 1024).toFixed(1), 'KB');
process.exit(0);

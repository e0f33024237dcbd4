/**
 * HTTP to the upstream through node:http(s) with keep-alive agents. Lighter than fetch for what the
 * relay holds by the thousand (no Request/Response objects, no web streams per answer: measured
 * with `pnpm bench streams`), and it never follows a redirect: a 3xx is just an answer, which the
 * client treats as a failure (what `redirect: 'error'` asks of fetch).
 */
import http from 'node:http';
import https from 'node:https';
import { readerOf, type ChunkReader } from '../platform/read-capped.js';

export interface UpstreamResponse {
  status: number;
  /** The body chunk by chunk; `cancel` lets go of the connection. */
  body: ChunkReader;
}

const AGENTS = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: Infinity, scheduling: 'lifo' }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: Infinity, scheduling: 'lifo' }),
};

/** Make a request; resolves with the status and a reader once the response headers arrived. */
export function request(
  url: string,
  opts: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string; signal: AbortSignal },
): Promise<UpstreamResponse> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : http;
    const headers = {
      ...opts.headers,
      ...(opts.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(opts.body)) }),
    };
    const req = client.request(target, {
      method: opts.method,
      headers,
      agent: AGENTS[target.protocol as 'http:' | 'https:'],
      signal: opts.signal,
    });
    req.once('error', (err) => reject(Object.assign(new TypeError('upstream request failed'), { cause: err })));
    req.once('response', (res) => resolve({ status: res.statusCode ?? 0, body: readerOf(res, () => res.destroy()) }));
    req.end(opts.body);
  });
}

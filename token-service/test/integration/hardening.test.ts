/**
 * Server hardening: slow clients (server.ts time limits), secure headers, the metrics endpoint and
 * what the logs say (and never say).
 */
import { connect, type Socket } from 'node:net';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Wire } from '@tessera/protocol';
import { Stack } from '../support/stack.js';

const ORIGIN = 'https://shop.example';
let stack: Stack;
let site: Wire.Site;

beforeAll(async () => {
  stack = await Stack.start({ env: { HEADERS_TIMEOUT_MS: '1000', REQUEST_TIMEOUT_MS: '2000' } });
  ({ site } = await stack.seedCustomer({ origins: [ORIGIN] }));
});
afterAll(async () => {
  expect(stack.findLeaks()).toEqual([]);
  await stack.close();
});

/** Open a raw connection; resolves with what the server sent and when it closed. */
function rawClient() {
  const url = new URL(stack.url);
  const socket: Socket = connect(Number(url.port), url.hostname);
  let received = '';
  socket.on('data', (d) => (received += d.toString()));
  const closed = new Promise<{ at: number; received: string }>((resolve) =>
    socket.on('close', () => resolve({ at: Date.now(), received })),
  );
  socket.on('error', () => {});
  return { socket, closed };
}

describe('slow clients', () => {
  it('a client trickling its headers (slowloris) is cut off after HEADERS_TIMEOUT_MS', async () => {
    const { socket, closed } = rawClient();
    const started = Date.now();
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    const timer = setInterval(() => socket.writable && socket.write('X-Slow: 1\r\n'), 200);
    const { at, received } = await closed;
    clearInterval(timer);
    expect(at - started).toBeGreaterThanOrEqual(900);
    expect(at - started).toBeLessThan(3500);
    expect(received).toMatch(/^HTTP\/1.1 408|^$/);
  });

  it('a client trickling its body is cut off after REQUEST_TIMEOUT_MS', async () => {
    const v = await stack.visitor(site.siteKey, ORIGIN);
    const { socket, closed } = rawClient();
    const started = Date.now();
    const headers = v.headers({ 'content-length': '1000', host: 'x' });
    socket.write(
      `POST /v1/sites/${site.siteKey}/conversations HTTP/1.1\r\n` +
        Object.entries(headers)
          .map(([k, val]) => `${k}: ${val}\r\n`)
          .join('') +
        '\r\n{',
    );
    const timer = setInterval(() => socket.writable && socket.write(' '), 200);
    const { at } = await closed;
    clearInterval(timer);
    expect(at - started).toBeGreaterThanOrEqual(1500);
    expect(at - started).toBeLessThan(5000);
  });
});

describe('request bodies', () => {
  // Check: body-size-declared (http/json-body.ts: a declared Content-Length over the limit is refused before reading).
  it('a declared Content-Length over the limit is refused at once, without waiting for the body', async () => {
    const v = await stack.visitor(site.siteKey, ORIGIN);
    const { socket, closed } = rawClient();
    const started = Date.now();
    const headers = v.headers({ 'content-length': String(10 * 1024 * 1024), host: 'x', connection: 'close' });
    // Headers and the start of a body that never comes: only the declared length can tell.
    socket.write(
      `POST /v1/sites/${site.siteKey}/conversations HTTP/1.1\r\n` +
        Object.entries(headers)
          .map(([k, val]) => `${k}: ${val}\r\n`)
          .join('') +
        '\r\n{"text":"',
    );
    let received = '';
    socket.on('data', (d) => (received += d.toString()));
    while (!received.includes('payload_too_large') && Date.now() - started < 1500) await new Promise((r) => setTimeout(r, 20));
    socket.destroy();
    await closed;
    expect(received).toMatch(/^HTTP\/1.1 413 /);
    expect(received).toContain('payload_too_large');
    expect(Date.now() - started).toBeLessThan(1500); // REQUEST_TIMEOUT_MS here is 2 s
  });
});

describe('secure headers', () => {
  it('no HSTS over plain http; nosniff and no-store on token and relay responses', async () => {
    const res = await stack.session(site.siteKey, ORIGIN);
    expect(res.headers.get('strict-transport-security')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('HSTS when the public URL is https', async () => {
    const s = await Stack.start({ env: { PUBLIC_URL: 'https://chat.partner.example' } });
    try {
      const res = await s.fetch('/healthz');
      expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000');
    } finally {
      await s.close();
    }
  });
});

describe('the embed snippet', () => {
  // Bug fixed: the snippet followed the request's Host header when PUBLIC_URL was unset.
  // Check: snippet-public-url (sites/site-service.ts view(): the snippet from the configured public URL).
  it("uses the configured public URL, never the request's Host", async () => {
    const { tenant, bot } = await stack.seedCustomer();
    const body = JSON.stringify({ name: 'hosted', allowedOrigins: [ORIGIN], botId: bot.id });
    const answer = await new Promise<{ status: number; json: any }>((resolve, reject) => {
      const req = request(
        `${stack.url}/admin/v1/tenants/${tenant.id}/sites`,
        {
          method: 'POST',
          headers: {
            host: 'evil.example:8080',
            authorization: `Bearer ${stack.adminToken}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(answer.status).toBe(201);
    expect(answer.json.embedSnippet).toBe(
      `<script src="${stack.url}/widget.js" data-site-key="${answer.json.siteKey}" async></script>`,
    );
    expect(answer.json.embedSnippet).not.toContain('evil.example');
  });
});

describe('metrics', () => {
  it('require the admin token', async () => {
    expect((await stack.fetch('/metrics')).status).toBe(401);
    expect((await stack.fetch('/metrics', { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
  });

  it('count requests by route pattern, never by raw path or id', async () => {
    const v = await stack.visitor(site.siteKey, ORIGIN);
    const id = (await v.createConversation()).json.conversationId;
    await v.ask(id, 'count this message');
    const res = await stack.fetch('/metrics', { headers: { authorization: `Bearer ${stack.adminToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.text).toMatch(
      /tessera_http_requests_total\{method="POST",route="\/v1\/sites\/:siteKey\/conversations\/:conversationId\/messages",status="200"\} \d+/,
    );
    expect(res.text).toMatch(/tessera_relay_streams_total\{outcome="done"\} \d+/);
    expect(res.text).toMatch(/tessera_upstream_request_duration_seconds_count\{op="complete",outcome="200"\} \d+/);
    expect(res.text).toMatch(/tessera_sessions_minted_total \d+/);
    expect(res.text).not.toContain(site.siteKey);
    expect(res.text).not.toContain(id);
  });
});

describe('logs', () => {
  it('one JSON line per request with id, route, status, latency, site and tenant; never the token or the text', async () => {
    const v = await stack.visitor(site.siteKey, ORIGIN);
    const id = (await v.createConversation()).json.conversationId;
    await v.ask(id, 'a rather private message');
    const lines = stack.logs.map((l) => JSON.parse(l));
    const line = lines.find(
      (l) => l.msg === 'request' && l.route === '/v1/sites/:siteKey/conversations/:conversationId/messages',
    );
    expect(line).toMatchObject({
      reqId: expect.any(String),
      method: 'POST',
      status: 200,
      ms: expect.any(Number),
      site: site.siteKey,
      tenant: site.tenantId,
    });
    const relay = lines.find((l) => l.msg === 'relay ended');
    expect(relay).toMatchObject({ outcome: 'done', site: site.siteKey });
    const all = stack.logs.join('\n');
    expect(all).not.toContain(v.token);
    expect(all).not.toContain('a rather private message');
    expect(all).not.toContain(stack.adminToken);
    expect(all.toLowerCase()).not.toContain('bearer');
  });
});

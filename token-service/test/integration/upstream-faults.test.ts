/**
 * Upstream failure is normal. Each fault of the emulator maps to one clear error for the visitor,
 * before the stream (an error envelope) or inside it (one `error` event); nothing the upstream said
 * passes through (upstream/client.ts failureOf, relay/pump.ts).
 */
import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, type Wire } from '@tessera/protocol';
import { beginAnswer, waitFor } from '../support/answer-stream.js';
import { Stack, parseSse } from '../support/stack.js';

const ORIGIN = 'https://shop.example';
let stack: Stack;
let site: Wire.Site;

beforeAll(async () => {
  stack = await Stack.start();
  ({ site } = await stack.seedCustomer({ origins: [ORIGIN] }));
});
afterAll(async () => {
  expect(stack.findLeaks()).toEqual([]);
  await stack.close();
});

async function conversation() {
  const v = await stack.visitor(site.siteKey, ORIGIN);
  const { json } = await v.createConversation();
  return { v, id: json.conversationId as string };
}

describe('faults before the stream starts', () => {
  // Secret echo: no upstream text in the envelope; upstream-error-text is caught by the exact-envelope test below.
  it('an upstream 500 that echoes secrets becomes a plain upstream_error', async () => {
    const { v, id } = await conversation();
    stack.emulator.faults.add({ fault: { kind: 'echo-headers', status: 500 }, path: '/complete$', times: 1 });
    const res = await v.ask(id, 'hello');
    expect(res.status).toBe(502);
    expect(res.json.error).toMatchObject({ code: 'upstream_error' });
    expect(res.text).not.toContain(stack.emulator.partnerToken);
    expect(res.text.toLowerCase()).not.toContain('bearer');
    expect(res.text).not.toContain('127.0.0.1');
  });

  it('an upstream 429 becomes upstream_rate_limited with Retry-After', async () => {
    const { v, id } = await conversation();
    stack.emulator.faults.add({ fault: { kind: 'status', status: 429 }, path: '/complete$', times: 1 });
    const res = await v.ask(id, 'hello');
    expect(res.status).toBe(429);
    expect(res.json.error.code).toBe('upstream_rate_limited');
    expect(res.headers.get('retry-after')).toBe('10');
    expect(res.json.error.retryAfter).toBe(10);
  });

  it('a stall before headers ends in upstream_timeout and aborts the upstream request', async () => {
    const { v, id } = await conversation();
    stack.emulator.faults.add({ fault: { kind: 'stall-before-headers' }, path: '/complete$', times: 1 });
    const started = Date.now();
    const res = await v.ask(id, 'hello');
    expect(res.status).toBe(504);
    expect(res.json.error.code).toBe('upstream_timeout');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  // Its target is a dead port, so a followed redirect fails alike: upstream-no-redirect is caught by the trap-server test below.
  it('a redirect to another host is refused, not followed', async () => {
    const { v, id } = await conversation();
    const before = stack.emulator.requests.length;
    stack.emulator.faults.add({
      fault: { kind: 'redirect', location: 'http://127.0.0.2:9/steal' },
      path: '/complete$',
      times: 1,
    });
    const res = await v.ask(id, 'hello');
    expect(res.status).toBe(502);
    expect(res.json.error.code).toBe('upstream_error');
    expect(stack.emulator.requests.length).toBe(before + 1);
  });

  // Check: upstream-no-redirect (upstream/client.ts open(): only a 2xx answer counts; upstream/transport.ts never follows a redirect).
  it('a redirect is refused: nothing reaches the host a redirect points to', async () => {
    // Another host, as far as fetch is concerned (other port): it records whatever reaches it. A
    // followed 307 would re-send the POST there, with the run-as header (fetch drops only Authorization).
    const hits: IncomingHttpHeaders[] = [];
    const trap = createHttpServer((req, res) => {
      hits.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/jsonl' }).end();
    });
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
    try {
      const { v, id } = await conversation();
      const location = `http://127.0.0.1:${(trap.address() as AddressInfo).port}/steal`;
      stack.emulator.faults.add({ fault: { kind: 'redirect', location, status: 307 }, path: '/complete$', times: 1 });
      const res = await v.ask(id, 'hello');
      expect(hits).toEqual([]);
      expect(res.status).toBe(502);
      expect(res.json.error.code).toBe('upstream_error');
    } finally {
      trap.closeAllConnections();
      await new Promise((resolve) => trap.close(resolve));
    }
  });

  // Check: upstream-error-text (upstream/errors.ts toServiceError: the protocol's words, never the upstream's).
  it('an upstream error answer carries only our own words', async () => {
    const { v, id } = await conversation();
    stack.emulator.faults.add({
      fault: { kind: 'status', status: 500, code: 'UPSTREAM_PRIVATE_CODE' },
      path: '/complete$',
      times: 1,
    });
    const res = await v.ask(id, 'hello');
    expect(res.status).toBe(502);
    expect(res.json).toEqual({
      error: { code: 'upstream_error', message: ERROR_CODES.upstream_error.message, requestId: expect.any(String) },
    });
    expect(res.text).not.toContain('UPSTREAM_PRIVATE_CODE');
  });

  // Check: no-retry-writes (upstream/client.ts json() retries GETs only: a retried create would succeed here).
  it('conversation create failing upstream is a clear error, and nothing is stored', async () => {
    const v = await stack.visitor(site.siteKey, ORIGIN);
    stack.emulator.faults.add({ fault: { kind: 'status', status: 500 }, path: '/conversation/create$', times: 1 });
    const res = await v.createConversation();
    expect(res.status).toBe(502);
    expect((await v.listConversations()).json.items).toEqual([]);
  });
});

describe('faults inside the stream', () => {
  it('a stall mid-stream ends with one upstream_timeout event after the idle limit', async () => {
    const { v, id } = await conversation();
    stack.emulator.faults.add({ fault: { kind: 'stall-mid-stream', afterTokens: 3 }, path: '/complete$', times: 1 });
    const res = await v.ask(id, 'tokens:10');
    expect(res.status).toBe(200);
    const events = parseSse(res.text);
    expect(events.filter((e) => e.event === 'token')).toHaveLength(3);
    expect(events.at(-1)).toEqual({
      event: 'error',
      data: { code: 'upstream_timeout', message: expect.any(String), retryable: true },
    });
    // The relay hung up on the stalled upstream: the emulator saw its client go.
    await waitFor(() => stack.emulator.completions.at(-1)!.endedAt !== null);
  });

  it('a connection closed mid-stream ends with one stream_interrupted event', async () => {
    const { v, id } = await conversation();
    stack.emulator.faults.add({ fault: { kind: 'close-mid-stream', afterTokens: 4 }, path: '/complete$', times: 1 });
    const res = await v.ask(id, 'tokens:10');
    const [start, ...events] = parseSse(res.text);
    expect(start!.event).toBe('start');
    expect(events.filter((e) => e.event === 'token')).toHaveLength(4);
    expect(events.filter((e) => e.event !== 'token')).toEqual([
      { event: 'error', data: { code: 'stream_interrupted', message: expect.any(String), retryable: true } },
    ]);
  });

  // Check: relay-error-event (relay/translate.ts maps an upstream error event to our code, never relays its data).
  it('an in-band upstream error event becomes upstream_error, without its text', async () => {
    const { v, id } = await conversation();
    stack.emulator.faults.add({
      fault: { kind: 'error-event', afterTokens: 2, code: 'GENERIC_ERROR' },
      path: '/complete$',
      times: 1,
    });
    const res = await v.ask(id, 'tokens:10');
    const events = parseSse(res.text);
    expect(events.at(-1)!.event).toBe('error');
    expect(events.at(-1)!.data.code).toBe('upstream_error');
  });

  it("a visitor who disconnects mid-stream: the answer still runs to its end at the upstream (the emulator's completion record says completed) and can be read again", async () => {
    const { v, id } = await conversation();
    const { stream, answerId } = await beginAnswer(stack, v, `/v1/sites/${site.siteKey}/conversations/${id}/messages`, 30, 20);
    await stream.until((e) => e.event === 'token');
    stream.drop();
    await waitFor(() => stack.emulator.completions.at(-1)!.outcome !== 'running');
    expect(stack.emulator.completions.at(-1)).toMatchObject({ outcome: 'completed', tokensSent: 30 });

    const again = await stack.fetch(`/v1/sites/${site.siteKey}/conversations/${id}/answers/${answerId}`, {
      headers: v.headers(),
    });
    const events = parseSse(again.text);
    expect(events.map((e) => e.event)).toEqual(['start', 'token', 'done']);
    expect(events[2]!.data.text).toBe(events[1]!.data.token);
  });

  // Check: relay-visitor-stop (relay/pump.ts stop()), over a real socket; and the masked layers: relay/pump.ts
  // stopUpstream()'s abort and reader cancel each close the upstream alone.
  it('Stop (DELETE .../answers/{id}) aborts the upstream request promptly', async () => {
    const { v, id } = await conversation();
    const { stream, answerId } = await beginAnswer(stack, v, `/v1/sites/${site.siteKey}/conversations/${id}/messages`, 200, 50);
    let seen = 0;
    await stream.until((e) => e.event === 'token' && ++seen === 2);
    const stopped = Date.now();
    const res = await stack.fetch(`/v1/sites/${site.siteKey}/conversations/${id}/answers/${answerId}`, {
      method: 'DELETE',
      headers: v.headers(),
    });
    expect(res.status).toBe(204);
    await waitFor(() => stack.emulator.completions.at(-1)!.outcome === 'client-closed', 2000);
    expect(Date.now() - stopped).toBeLessThan(1000);
    expect(stack.emulator.completions.at(-1)!.tokensSent).toBeLessThan(50);
    expect((await stream.rest()).at(-1)).toMatchObject({ event: 'error', data: { code: 'answer_stopped' } });
  });
});

describe('a visitor who goes away early', () => {
  const upstreamOutcomes = async () => {
    const res = await stack.fetch('/metrics', { headers: { authorization: `Bearer ${stack.adminToken}` } });
    const count = (outcome: string) =>
      Number(
        new RegExp(`tessera_upstream_request_duration_seconds_count\\{op="complete",outcome="${outcome}"\\} (\\d+)`).exec(
          res.text,
        )?.[1] ?? 0,
      );
    return { aborted: count('aborted'), timeout: count('timeout') };
  };

  // Check: client-abort-before-headers (conversations/conversation-service.ts: the request's abort signal aborts the upstream call).
  it('a visitor who goes away before the upstream answered aborts the upstream request', async () => {
    const { v, id } = await conversation();
    const before = await upstreamOutcomes();
    const calls = stack.emulator.requests.length;
    stack.emulator.faults.add({ fault: { kind: 'stall-before-headers' }, path: '/complete$', times: 1 });
    const controller = new AbortController();
    const pending = fetch(`${stack.url}/v1/sites/${site.siteKey}/conversations/${id}/messages`, {
      method: 'POST',
      headers: v.headers(),
      body: JSON.stringify({ text: 'hello' }),
      signal: controller.signal,
    }).catch(() => null);
    await waitFor(() => stack.emulator.requests.length > calls); // the upstream call is out, and stalls
    const aborted = Date.now();
    controller.abort();
    await pending;
    // Aborted by the visitor, well before the 1.5 s first-byte limit would have ended it as a timeout.
    let after = before;
    while (after.aborted === before.aborted && Date.now() - aborted < 1000) {
      await new Promise((r) => setTimeout(r, 50));
      after = await upstreamOutcomes();
    }
    expect(after.aborted).toBe(before.aborted + 1);
    expect(after.timeout).toBe(before.timeout);
  });
});

describe('an upstream that is not there', () => {
  it('connection refused becomes upstream_unavailable', async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const dead = await Stack.start({ env: { CHATBOTKIT_API_URL: `http://127.0.0.1:${port}` } });
    try {
      const res = await dead.admin('POST', '/tenants', { name: 'Nobody' });
      expect(res.status).toBe(503);
      expect(res.json.error.code).toBe('upstream_unavailable');
      expect((await dead.admin('GET', '/tenants')).json.items).toEqual([]);
      expect(dead.findLeaks()).toEqual([]);
    } finally {
      await dead.close();
    }
  });
});

/** The two sinks: relayCompletion fed hostile chunkings, relayToResponse over real sockets. */
import { describe, expect, it } from 'vitest';
import { createServer, get, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { relayCompletion, relayToResponse } from './index.js';

function upstreamOf(chunks: (string | Uint8Array)[], opts: { end?: boolean; fail?: boolean } = {}) {
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (const ch of chunks) c.enqueue(typeof ch === 'string' ? new TextEncoder().encode(ch) : ch);
      if (opts.fail) c.error(new Error('socket hang up'));
      else if (opts.end !== false) c.close();
    },
    cancel() {
      cancelled = true;
    },
  });
  return { body, wasCancelled: () => cancelled };
}

async function drain(stream: ReadableStream<Uint8Array>) {
  let text = '';
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text;
    text += new TextDecoder().decode(value);
  }
}

const line = (o: unknown) => `${JSON.stringify(o)}\n`;
const opts = { idleTimeoutMs: 500, totalTimeoutMs: 5000 };

describe('relayCompletion', () => {
  it('forwards tokens and one done event; drops everything else', async () => {
    const { body } = upstreamOf([
      line({ type: 'sendResult', data: { id: 'u1', text: 'hi' } }),
      line({ type: 'completeBegin', data: {} }),
      line({ type: 'token', data: { token: 'Hel' } }) + line({ type: 'token', data: { token: 'lo' } }),
      line({ type: 'somethingNew', data: { secret: 'x' } }),
      line({ type: 'message', data: { type: 'bot', text: 'Hello' } }),
      line({ type: 'receiveResult', data: { id: 'm2', text: 'Hello', end: { reason: 'stop' } } }),
      line({ type: 'result', data: { id: 'm2', text: 'Hello', end: { reason: 'stop' } } }),
    ]);
    let done: unknown;
    const text = await drain(relayCompletion(body, new AbortController(), { ...opts, onDone: (d) => (done = d) }));
    expect(text).toBe(
      'event: token\ndata: {"token":"Hel"}\n\n' +
        'event: token\ndata: {"token":"lo"}\n\n' +
        'event: done\ndata: {"messageId":"m2","text":"Hello","finishReason":"stop"}\n\n',
    );
    expect(done).toEqual({ messageId: 'm2', text: 'Hello', finishReason: 'stop' });
  });

  it('a result without text gets the joined tokens, however many', async () => {
    const tokens = Array.from({ length: 150 }, (_, i) => `t${i} `);
    const { body } = upstreamOf([
      ...tokens.map((t) => line({ type: 'token', data: { token: t } })),
      line({ type: 'result', data: { id: 'm9' } }),
    ]);
    let done: { text: string } | undefined;
    await drain(relayCompletion(body, new AbortController(), { ...opts, onDone: (d) => (done = d) }));
    expect(done!.text).toBe(tokens.join(''));
  });

  it('handles a multi-byte character split between chunks', async () => {
    const all = new TextEncoder().encode(line({ type: 'token', data: { token: '👋' } }));
    const { body } = upstreamOf([all.slice(0, 30), all.slice(30), line({ type: 'result', data: { text: '👋' } })]);
    const text = await drain(relayCompletion(body, new AbortController(), opts));
    expect(text).toContain('data: {"token":"👋"}');
  });

  it('maps an upstream error event to a safe error, never its text', async () => {
    const { body } = upstreamOf([
      line({ type: 'token', data: { token: 'a' } }),
      line({ type: 'error', data: { code: 'GENERIC_ERROR', message: 'Bearer sk-leak' } }),
    ]);
    const text = await drain(relayCompletion(body, new AbortController(), opts));
    expect(text).toMatch(/event: error\ndata: \{"code":"upstream_error"/);
    expect(text).not.toContain('sk-leak');
  });

  it('ends with stream_interrupted when the upstream ends without a result, or breaks', async () => {
    const ended = await drain(
      relayCompletion(upstreamOf([line({ type: 'token', data: { token: 'a' } })]).body, new AbortController(), opts),
    );
    expect(ended).toMatch(/event: error\ndata: \{"code":"stream_interrupted"/);
    const broken = await drain(relayCompletion(upstreamOf([], { fail: true }).body, new AbortController(), opts));
    expect(broken).toMatch(/"code":"stream_interrupted"/);
  });

  it('times out an idle upstream, aborting it and cancelling its body', async () => {
    const upstream = upstreamOf([line({ type: 'token', data: { token: 'a' } })], { end: false });
    const controller = new AbortController();
    const outcomes: string[] = [];
    const text = await drain(
      relayCompletion(upstream.body, controller, { idleTimeoutMs: 50, totalTimeoutMs: 5000, onEnd: (o) => outcomes.push(o) }),
    );
    expect(text).toMatch(/"code":"upstream_timeout"/);
    expect(controller.signal.aborted).toBe(true);
    expect(upstream.wasCancelled()).toBe(true);
    expect(outcomes).toEqual(['idle-timeout']);
  });

  it('cancels the upstream when the visitor goes away', async () => {
    const upstream = upstreamOf([line({ type: 'token', data: { token: 'a' } })], { end: false });
    const controller = new AbortController();
    const outcomes: string[] = [];
    const stream = relayCompletion(upstream.body, controller, { ...opts, onEnd: (o) => outcomes.push(o) });
    const reader = stream.getReader();
    await reader.read();
    await reader.cancel();
    expect(controller.signal.aborted).toBe(true);
    expect(upstream.wasCancelled()).toBe(true);
    expect(outcomes).toEqual(['client-closed']);
  });

  it('reads the upstream only as fast as the reader reads (pull wakes a waiting write)', async () => {
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        // Finite, so a relay that ignored back-pressure would finish (and fail) rather than spin.
        pull(c) {
          pulls++;
          c.enqueue(new TextEncoder().encode(line({ type: 'token', data: { token: `t${pulls}` } })));
          if (pulls === 1000) c.close();
        },
      },
      { highWaterMark: 0 },
    );
    const reader = relayCompletion(body, new AbortController(), opts).getReader();
    await new Promise((r) => setTimeout(r, 50));
    const before = pulls;
    expect(before).toBeLessThanOrEqual(3);
    for (let i = 1; i <= 10; i++) {
      const { value } = await reader.read();
      expect(new TextDecoder().decode(value)).toBe(`event: token\ndata: {"token":"t${i}"}\n\n`);
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(pulls).toBeLessThanOrEqual(before + 10);
    await reader.cancel();
  });
});

/** A server whose every response gets `relay(res)` after its headers; resolves with its port. */
async function serve(relay: (res: ServerResponse) => void) {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    relay(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, close: () => server.close() };
}

describe('relayToResponse', () => {
  it('writes the answer into the response and ends it', async () => {
    const { body } = upstreamOf([line({ type: 'token', data: { token: 'Hi' } }), line({ type: 'result', data: { id: 'm1' } })]);
    const outcomes: string[] = [];
    const server = await serve((res) =>
      relayToResponse(body, new AbortController(), res, { ...opts, onEnd: (o) => outcomes.push(o) }),
    );
    const text = await new Promise<string>((resolve, reject) =>
      get({ port: server.port, host: '127.0.0.1' }, (res) => {
        let all = '';
        res.setEncoding('utf8').on('data', (d: string) => (all += d));
        res.on('end', () => resolve(all)).on('error', reject);
      }).on('error', reject),
    );
    server.close();
    expect(text).toBe(
      'event: token\ndata: {"token":"Hi"}\n\nevent: done\ndata: {"messageId":"m1","text":"Hi","finishReason":"unknown"}\n\n',
    );
    expect(outcomes).toEqual(['done']);
  });

  // Check: relay-response-close (relay/sinks.ts relayToResponse: Node's response closing early cancels the relay).
  it('a visitor who closes mid-answer cancels the relay and the upstream', async () => {
    const upstream = upstreamOf([line({ type: 'token', data: { token: 'a' } })], { end: false });
    const controller = new AbortController();
    const outcomes: string[] = [];
    let ended!: () => void;
    const end = new Promise<void>((resolve) => (ended = resolve));
    const server = await serve((res) =>
      relayToResponse(upstream.body, controller, res, {
        ...opts,
        onEnd: (o) => {
          outcomes.push(o);
          ended();
        },
      }),
    );
    const client = get({ port: server.port, host: '127.0.0.1' }, (res) => res.once('data', () => client.destroy()));
    client.on('error', () => {});
    await end;
    server.close();
    expect(outcomes).toEqual(['client-closed']);
    expect(controller.signal.aborted).toBe(true);
    expect(upstream.wasCancelled()).toBe(true);
  });

  // Check: relay-gone-before-start (relay/sinks.ts relayToResponse: an already closed response cancels at once).
  it('cancels at once when the visitor left before the relay started (no close event will come)', async () => {
    const gone = new Promise<ServerResponse>((resolve) => {
      const server = createServer((_req, res) => res.once('close', () => resolve(res)));
      server.listen(0, '127.0.0.1', () => {
        const client = request({ port: (server.address() as AddressInfo).port, host: '127.0.0.1', method: 'POST' });
        client.on('error', () => {});
        client.write('x');
        setTimeout(() => client.destroy(), 50);
        void gone.then(() => server.close());
      });
    });
    const res = await gone;
    const upstream = upstreamOf([line({ type: 'token', data: { token: 'a' } })], { end: false });
    const controller = new AbortController();
    const outcomes: string[] = [];
    relayToResponse(upstream.body, controller, res, { ...opts, onEnd: (o) => outcomes.push(o) });
    await new Promise((r) => setTimeout(r, 20));
    expect(outcomes).toEqual(['client-closed']);
    expect(controller.signal.aborted).toBe(true);
    expect(upstream.wasCancelled()).toBe(true);
  });
});

/**
 * The two outputs a reader of an answer writes to, each with a real answer log entry: Node's
 * response over real sockets (back-pressure, a visitor who leaves, one who left before the answer
 * was attached), and the web stream the in-process app answers with.
 */
import { createServer, get, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AnswerEntry, type Output } from './entry.js';
import { ResponseOutput, streamOutput } from './outputs.js';

const DONE = { event: 'done' as const, data: { messageId: 'm1', text: null, finishReason: 'stop' as const } };
const newEntry = () => new AnswerEntry('an_test', 'cv_test', { mirror: null, ended: () => {} });
const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
/** The token text of an event stream, joined. */
const tokenText = (sse: string) =>
  [...sse.matchAll(/^event: token\ndata: (.*)$/gm)].map((m) => (JSON.parse(m[1]!) as { token: string }).token).join('');

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/** A server whose every response gets `onResponse(res)` after its headers. */
async function serve(onResponse: (res: ServerResponse) => void) {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    onResponse(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => server.close());
  return (server.address() as AddressInfo).port;
}

/** GET the server; resolves with the response once its headers are in. */
const open = (port: number) =>
  new Promise<IncomingMessage>((resolve, reject) => get({ port, host: '127.0.0.1' }, resolve).on('error', reject));

const readAll = (res: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let all = '';
    res.setEncoding('utf8').on('data', (d: string) => (all += d));
    res.on('end', () => resolve(all)).on('error', reject);
  });

describe('ResponseOutput', () => {
  it("writes the answer's events into the response and ends it", async () => {
    const entry = newEntry();
    entry.append('Hi');
    const port = await serve((res) => entry.attach(new ResponseOutput(res), null));
    const res = await open(port);
    const text = readAll(res);
    entry.append(' there');
    entry.end(DONE);
    expect(await text).toBe(
      'id: 0\nevent: start\ndata: {"answerId":"an_test"}\n\n' +
        'id: 2\nevent: token\ndata: {"token":"Hi"}\n\n' +
        'id: 8\nevent: token\ndata: {"token":" there"}\n\n' +
        'id: 8\nevent: done\ndata: {"messageId":"m1","text":"Hi there","finishReason":"stop"}\n\n',
    );
    expect(entry.readerCount).toBe(0);
  });

  it('a visitor who reads slowly gets every token exactly once (Node back-pressure, then drain)', async () => {
    const entry = newEntry();
    let behind = 0;
    const port = await serve((res) =>
      entry.attach(
        new (class extends ResponseOutput {
          override write(text: string) {
            const ok = super.write(text);
            if (!ok) behind++;
            return ok;
          }
        })(res),
        null,
      ),
    );
    const res = await open(port);
    res.pause();
    const tokens = Array.from({ length: 400 }, (_, i) => `${i}:${'x'.repeat(1000)} `);
    for (const t of tokens) entry.append(t);
    entry.end(DONE);
    expect(behind).toBe(1); // the socket filled up while the answer went on
    const text = readAll(res);
    res.resume();
    const all = await text;
    expect(tokenText(all)).toBe(tokens.join(''));
    expect(all.match(/event: token/g)!.length).toBeLessThan(tokens.length); // what it missed came as one event
    expect(all.endsWith('"finishReason":"stop"}\n\n')).toBe(true);
  });

  it('a visitor who leaves mid-answer is detached, and the answer goes on', async () => {
    const entry = newEntry();
    const port = await serve((res) => entry.attach(new ResponseOutput(res), null));
    const res = await open(port);
    await new Promise((resolve) => res.once('data', resolve));
    expect(entry.readerCount).toBe(1);
    res.destroy();
    for (let i = 0; i < 50 && entry.readerCount > 0; i++) await tick(10);
    expect(entry.readerCount).toBe(0);
    entry.append('still running');
    expect([entry.text(), entry.ended]).toEqual(['still running', null]);
  });

  // Check: reader-gone-before-start (answers/outputs.ts ResponseOutput.onGone: an already closed response is gone at once).
  it('a visitor who left before the answer was attached is detached at once (no close event will come)', async () => {
    const gone = new Promise<ServerResponse>((resolve) => {
      const server = createServer((_req, res) => res.once('close', () => resolve(res)));
      closers.push(() => server.close());
      server.listen(0, '127.0.0.1', () => {
        const client = request({ port: (server.address() as AddressInfo).port, host: '127.0.0.1', method: 'POST' });
        client.on('error', () => {});
        client.write('x');
        setTimeout(() => client.destroy(), 50);
      });
    });
    const res = await gone;
    const entry = newEntry();
    entry.attach(new ResponseOutput(res), null);
    await tick(20);
    expect(entry.readerCount).toBe(0);
  });
});

describe('streamOutput', () => {
  it('says it is behind until the reader pulls, which wakes the waiting reader', async () => {
    const entry = newEntry();
    const reader = streamOutput((out) => entry.attach(out, 0)).getReader();
    const decoder = new TextDecoder();
    let received = '';
    const tokens = Array.from({ length: 50 }, (_, i) => `t${i} `);
    for (const t of tokens) entry.append(t);
    entry.end(DONE);
    // Unread, the stream holds the first event only: the rest waits in the log, not in the stream.
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += decoder.decode(value);
    }
    expect(tokenText(received)).toBe(tokens.join(''));
    expect(received.match(/event: token/g)).toHaveLength(2);
    expect(received.endsWith('"finishReason":"stop"}\n\n')).toBe(true);
  });

  it('a reader who cancels is detached, and writes after that go nowhere', async () => {
    const entry = newEntry();
    const stream = streamOutput((out) => entry.attach(out, null));
    const reader = stream.getReader();
    await reader.read();
    expect(entry.readerCount).toBe(1);
    await reader.cancel();
    expect(entry.readerCount).toBe(0);
    let late: Output | undefined;
    const orphan = streamOutput((out) => {
      late = out;
    });
    await orphan.cancel();
    expect(() => {
      late?.write('after the end');
      late?.close();
    }).not.toThrow();
  });
});

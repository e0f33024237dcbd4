/** readJson: a JSON body within the route's size limit, validated by a schema; three failures, three codes. */
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../platform/logger.js';
import type { AppEnv } from './context.js';
import { toErrorResponse } from './errors.js';
import { readJson } from './json-body.js';
import { requestInit } from './testing/client.js';

const Body = z.strictObject({ text: z.string().max(10) });
const JSON_TYPE = { 'content-type': 'application/json' };

function app(opts: { optional?: boolean; mergePatch?: boolean } = {}, limit?: number) {
  const app = new Hono<AppEnv>();
  const logger = createLogger('silent');
  app.post('/', async (c) => {
    return c.json({ read: await readJson(c, Body.partial(), limit === undefined ? opts : { ...opts, max: limit }) });
  });
  app.onError((err, c) => toErrorResponse(err, c, logger));
  return app;
}

async function send(a: Hono<AppEnv>, init: Parameters<typeof requestInit>[1], env?: unknown) {
  const res = await a.request('/', requestInit('POST', init), env);
  return { status: res.status, body: (await res.json()) as any };
}

describe('readJson', () => {
  it('reads and validates a JSON body', async () => {
    expect(await send(app(), { json: { text: 'hi' } })).toEqual({ status: 200, body: { read: { text: 'hi' } } });
  });

  it('accepts parameters and any case in the media type', async () => {
    const res = await send(app(), { headers: { 'content-type': 'Application/JSON; charset=utf-8' }, body: '{"text":"hi"}' });
    expect(res.status).toBe(200);
  });

  // Check: content-type (http/json-body.ts readJson: only the route's JSON media types).
  it.each([undefined, 'text/plain', 'application/x-www-form-urlencoded', 'application/jsonx', 'application/merge-patch+json'])(
    'refuses the media type %s: 415 unsupported_media_type',
    async (type) => {
      const res = await send(app(), { headers: type ? { 'content-type': type } : {}, body: '{"text":"hi"}' });
      expect([res.status, res.body.error.code]).toEqual([415, 'unsupported_media_type']);
    },
  );

  it('accepts a JSON merge patch where the route takes one', async () => {
    const res = await send(app({ mergePatch: true }), {
      headers: { 'content-type': 'application/merge-patch+json' },
      body: '{"text":"hi"}',
    });
    expect(res.status).toBe(200);
  });

  it('refuses malformed JSON: 400 invalid_json', async () => {
    const res = await send(app(), { headers: JSON_TYPE, body: '{"text":' });
    expect([res.status, res.body.error.code]).toEqual([400, 'invalid_json']);
  });

  it('refuses a body that is not UTF-8: 400 invalid_json', async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    const res = await send(app(), { headers: JSON_TYPE, body: new Blob([bytes]).stream() });
    expect([res.status, res.body.error]).toEqual([
      400,
      expect.objectContaining({ code: 'invalid_json', message: 'The body is not valid UTF-8.' }),
    ]);
  });

  it('refuses what the schema refuses: 400 invalid_request with the issues, never zod output', async () => {
    const res = await send(app(), { json: { text: 'far too long a text' } });
    expect([res.status, res.body.error.code]).toEqual([400, 'invalid_request']);
    expect(res.body.error.issues).toEqual([{ path: 'text', message: expect.any(String) }]);
  });

  it('names unknown fields, a few and shortened', async () => {
    const fields = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`${'f'.repeat(60)}${i}`, 1]));
    const res = await send(app(), { json: fields });
    const message: string = res.body.error.issues[0].message;
    expect(message.startsWith('unknown field(s): ')).toBe(true);
    expect(message.split(', ')).toHaveLength(10);
    expect(message).not.toContain('f'.repeat(41));
  });

  it('refuses a body where one is required and none came: 415, then 400 with the type', async () => {
    expect((await send(app(), {})).status).toBe(415);
    const res = await send(app(), { headers: { ...JSON_TYPE, 'content-length': '0' } });
    expect([res.status, res.body.error.code]).toEqual([400, 'invalid_json']);
  });

  it('reads no body as {} where the body is optional, whatever the type', async () => {
    expect(await send(app({ optional: true }), {})).toEqual({ status: 200, body: { read: {} } });
    expect(
      (await send(app({ optional: true }), { headers: { 'content-type': 'text/plain', 'content-length': '0' } })).status,
    ).toBe(200);
  });

  it('still checks the type of an optional body that came', async () => {
    const res = await send(app({ optional: true }), { headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(res.status).toBe(415);
  });
});

describe('readJson: size', () => {
  it("refuses a declared length over the route's limit without reading: 413", async () => {
    let pulled = false;
    const body = new ReadableStream(
      {
        pull() {
          pulled = true;
        },
      },
      { highWaterMark: 0 },
    );
    const res = await send(app({}, 100), { headers: { ...JSON_TYPE, 'content-length': '101' }, body });
    expect([res.status, res.body.error.code, pulled]).toEqual([413, 'payload_too_large', false]);
  });

  it('reads a body of exactly the limit', async () => {
    const body = JSON.stringify({ text: 'x' }).padEnd(100, ' ');
    expect((await send(app({}, 100), { headers: JSON_TYPE, body })).status).toBe(200);
  });

  it('refuses a chunked body as soon as it passes the limit: 413, reading stops', async () => {
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        pulls++;
        c.enqueue(new Uint8Array(40).fill(0x20));
      },
    });
    const res = await send(app({}, 100), { headers: JSON_TYPE, body });
    expect([res.status, res.body.error.code]).toEqual([413, 'payload_too_large']);
    expect(pulls).toBeLessThanOrEqual(4);
  });

  it('caps at 32 KB when the route set no limit', async () => {
    const res = await send(app(), { headers: { ...JSON_TYPE, 'content-length': String(32 * 1024 + 1) }, body: '{}' });
    expect(res.status).toBe(413);
  });
});

describe('readJson on a Node request', () => {
  /** The bindings @hono/node-server gives a handler: the Node request, here a stream of chunks. */
  function incoming(chunks: string[]) {
    const stream = Readable.from(chunks.map((c) => Buffer.from(c)));
    let paused = 0;
    const pause = stream.pause.bind(stream);
    stream.pause = () => {
      paused++;
      return pause();
    };
    return { env: { incoming: stream }, paused: () => paused };
  }

  it('reads the body from the Node request, not the Fetch one', async () => {
    const { env } = incoming(['{"te', 'xt":"hi"}']);
    const res = await send(app(), { headers: { ...JSON_TYPE, 'content-length': '13' } }, env);
    expect(res).toEqual({ status: 200, body: { read: { text: 'hi' } } });
  });

  // Check: body-size-streamed (platform/read-capped.ts readCappedText: the bytes read, on a Node request).
  it('stops reading (pauses) past the limit: 413', async () => {
    const node = incoming(Array.from({ length: 10 }, () => ' '.repeat(40)));
    const res = await send(app({}, 100), { headers: { ...JSON_TYPE, 'transfer-encoding': 'chunked' } }, node.env);
    expect([res.status, node.paused()]).toEqual([413, 1]);
  });
});

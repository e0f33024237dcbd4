/**
 * Every fault switch over a real socket, programmatic and over the HTTP control API, plus client
 * aborts and close() while streams and stalls are open.
 */
import { describe, expect, it } from 'vitest';
import { JSONL, openApi, parseJsonl, readLines, useApi } from './helpers.js';
import type { Api } from './helpers.js';

async function setup(api: Api): Promise<{ as: Record<string, string>; path: string }> {
  const child = await api.child();
  const { conversationId } = await api.conversation(child);
  return { as: { 'x-runas-user-id': child }, path: `/api/v1/conversation/${conversationId}/complete` };
}

const waitFor = async (check: () => boolean, ms = 2000): Promise<void> => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('entry faults', () => {
  const api = useApi();

  it('status: doc error body, X-Failure-Code on 429, no Retry-After, honours times and path', async () => {
    const { faults } = api().running.emulator;
    faults.add({ fault: { kind: 'status', status: 429 }, path: '/bot/list$', times: 1 });
    const limited = await api().call('GET', '/api/v1/bot/list');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-failure-code')).toBe('LIMITS_REACHED');
    expect(limited.headers.get('retry-after')).toBeNull();
    expect(await limited.json()).toEqual({
      message: 'You have exceeded your allocated rate limits: rate/message',
      code: 'LIMITS_REACHED',
    });
    expect((await api().call('GET', '/api/v1/bot/list')).status).toBe(200);
    faults.add({ fault: { kind: 'status', status: 500, code: 'GENERIC_ERROR' }, method: 'POST' });
    expect((await api().call('GET', '/v1/bot/list')).status).toBe(200);
    const failed = await api().call('POST', '/v1/bot/create', { body: {} });
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ message: 'Something went wrong', code: 'GENERIC_ERROR' });
    expect(faults.list()).toHaveLength(2);
    faults.clear();
    expect((await api().call('POST', '/v1/bot/create', { body: {} })).status).toBe(200);
  });

  it('echo-headers: the error message contains every request header, Authorization included', async () => {
    api().running.emulator.faults.add({ fault: { kind: 'echo-headers' } });
    const response = await api().call('GET', '/v1/bot/list', { headers: { 'x-secret-thing': 'hush' } });
    expect(response.status).toBe(500);
    const body = (await response.json()) as { message: string; code: string };
    expect(body.message).toContain(api().token);
    expect(body.message).toContain('hush');
  });

  it('redirect: sends the status and Location', async () => {
    api().running.emulator.faults.add({ fault: { kind: 'redirect', location: 'https://evil.example/steal', status: 307 } });
    const response = await fetch(`${api().url}/v1/bot/list`, { redirect: 'manual' });
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe('https://evil.example/steal');
  });

  it('stall-before-headers: no headers until the client aborts', async () => {
    api().running.emulator.faults.add({ fault: { kind: 'stall-before-headers' }, path: '/complete$' });
    const { as, path } = await setup(api());
    const controller = new AbortController();
    let settled = false;
    const pending = fetch(`${api().url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api().token}`, 'content-type': 'application/json', ...as },
      body: JSON.stringify({ text: 'hi' }),
      signal: controller.signal,
    }).finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(settled).toBe(false);
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
    // The request was recorded, but it never reached the API logic.
    expect(api().running.emulator.requests.at(-1)?.path).toBe(path);
    expect(api().running.emulator.completions).toHaveLength(0);
  });

  it('is configured over HTTP: add, list, delete one, clear', async () => {
    const add = await fetch(`${api().url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fault: { kind: 'status', status: 503 }, path: '^/v1/bot/', times: 2 }),
    });
    const { id } = (await add.json()) as { id: string };
    expect((await api().call('GET', '/api/v1/bot/list')).status).toBe(503);
    const listed = (await (await fetch(`${api().url}/_emulator/faults`)).json()) as {
      items: Array<{ id: string; used: number }>;
    };
    expect(listed.items).toEqual([expect.objectContaining({ id, used: 1, times: 2 })]);
    // Faults never hit control calls.
    expect((await fetch(`${api().url}/_emulator/requests`)).status).toBe(200);
    expect((await fetch(`${api().url}/_emulator/faults/${id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await api().call('GET', '/api/v1/bot/list')).status).toBe(200);
    const invalid = await fetch(`${api().url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fault: { kind: 'explode' } }),
    });
    expect(invalid.status).toBe(400);
    await fetch(`${api().url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fault: { kind: 'status', status: 500 } }),
    });
    expect((await fetch(`${api().url}/_emulator/faults`, { method: 'DELETE' })).status).toBe(200);
    expect(api().running.emulator.faults.list()).toEqual([]);
  });
});

describe('stream faults', () => {
  const api = useApi({ tokenDelayMs: 1 });

  it('close-mid-stream: N tokens, then the body read rejects (no error event, no clean end)', async () => {
    api().running.emulator.faults.add({ fault: { kind: 'close-mid-stream', afterTokens: 3 } });
    const { as, path } = await setup(api());
    const response = await api().call('POST', path, { body: { text: 'tokens:20' }, headers: { ...as, ...JSONL } });
    expect(response.status).toBe(200);
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readAll = async (): Promise<void> => {
      for (;;) {
        const { done, value } = await reader!.read();
        if (done) return;
        text += decoder.decode(value, { stream: true });
      }
    };
    await expect(readAll()).rejects.toThrow();
    const events = parseJsonl(text);
    expect(events.filter((e) => e.type === 'token')).toHaveLength(3);
    expect(events.map((e) => e.type)).not.toContain('error');
    expect(events.map((e) => e.type)).not.toContain('result');
    await waitFor(() => api().running.emulator.completions[0]?.outcome === 'fault-closed');
    expect(api().running.emulator.completions[0]?.tokensSent).toBe(3);
  });

  it('stall-mid-stream: N tokens, then silence without pings', async () => {
    const stalling = await openApi({ pingIntervalMs: 10, tokenDelayMs: 1 });
    try {
      stalling.running.emulator.faults.add({ fault: { kind: 'stall-mid-stream', afterTokens: 2 } });
      const { as, path } = await setup(stalling);
      const controller = new AbortController();
      const response = await fetch(`${stalling.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stalling.token}`, 'content-type': 'application/json', ...JSONL, ...as },
        body: JSON.stringify({ text: 'tokens:10' }),
        signal: controller.signal,
      });
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      const reading = (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          text += decoder.decode(value, { stream: true });
        }
      })();
      reading.catch(() => {});
      const record = stalling.running.emulator.completions[0];
      await waitFor(() => record?.outcome === 'fault-stalled');
      await new Promise((resolve) => setTimeout(resolve, 100));
      const snapshot = text;
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(text).toBe(snapshot);
      const types = parseJsonl(snapshot).map((e) => e.type);
      expect(types.filter((t) => t === 'token')).toHaveLength(2);
      expect(types).not.toContain('result');
      expect(record?.endedAt).toBeNull();
      controller.abort();
      await waitFor(() => record?.endedAt !== null);
      expect(record).toMatchObject({ outcome: 'fault-stalled', tokensSent: 2 });
    } finally {
      await stalling.running.close();
    }
  });

  it('error-event: N tokens, then one error line and the end', async () => {
    api().running.emulator.faults.add({ fault: { kind: 'error-event', afterTokens: 2, code: 'LIMITS_REACHED' } });
    const { as, path } = await setup(api());
    const events = parseJsonl(
      await (await api().call('POST', path, { body: { text: 'tokens:9' }, headers: { ...as, ...JSONL } })).text(),
    );
    expect(events.map((e) => e.type)).toEqual(['sendResult', 'completeBegin', 'token', 'token', 'error']);
    expect(events.at(-1)).toEqual({
      type: 'error',
      data: { code: 'LIMITS_REACHED', message: 'You have exceeded your allocated rate limits: rate/message' },
    });
    expect(api().running.emulator.completions[0]?.outcome).toBe('error');
  });

  it('error-event in JSON mode becomes an error response', async () => {
    api().running.emulator.faults.add({ fault: { kind: 'error-event', afterTokens: 0 } });
    const { as, path } = await setup(api());
    const response = await api().call('POST', path, { body: { text: 'hi' }, headers: as });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ code: 'GENERIC_ERROR', message: 'Something went wrong' });
  });

  it('slow-tokens: delays each token of matching calls only', async () => {
    api().running.emulator.faults.add({ fault: { kind: 'slow-tokens', delayMs: 25 }, times: 1 });
    const { as, path } = await setup(api());
    const timed = async (): Promise<number> => {
      const started = Date.now();
      await (await api().call('POST', path, { body: { text: 'tokens:8' }, headers: { ...as, ...JSONL } })).text();
      return Date.now() - started;
    };
    expect(await timed()).toBeGreaterThanOrEqual(8 * 25 - 10);
    expect(await timed()).toBeLessThan(150);
  });

  it('a client abort records client-closed and stops generating at once', async () => {
    const slow = await openApi({ tokenDelayMs: 20 });
    try {
      const { as, path } = await setup(slow);
      const controller = new AbortController();
      const response = await fetch(`${slow.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${slow.token}`, 'content-type': 'application/json', ...JSONL, ...as },
        body: JSON.stringify({ text: 'tokens:200' }),
        signal: controller.signal,
      });
      await readLines(response, 4);
      controller.abort();
      const record = slow.running.emulator.completions[0];
      await waitFor(() => record?.outcome === 'client-closed');
      const sent = record?.tokensSent ?? 0;
      expect(sent).toBeLessThan(200);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(record?.tokensSent).toBe(sent);
      expect(record?.endedAt).toEqual(expect.any(Number));
      // The bot message of an unfinished answer is not stored.
      const messages = [...slow.running.emulator.state.messages.values()];
      expect(messages.map((m) => m.type)).toEqual(['user']);
    } finally {
      await slow.running.close();
    }
  });
});

describe('close()', () => {
  it('ends open streams and stalls so the process can exit', async () => {
    const api = await openApi({ tokenDelayMs: 50 });
    const { as, path } = await setup(api);
    api.running.emulator.faults.add({ fault: { kind: 'stall-before-headers' }, times: 1, path: '/complete$' });
    // Both are settled into values at once: they fail while close() runs, before an `expect(…).rejects`
    // could attach, and an unattached rejection is reported as an unhandled error (a flaky failure).
    const outcome = (p: Promise<unknown>) =>
      p.then(
        () => 'resolved',
        (err: unknown) => err,
      );
    const stalled = outcome(api.call('POST', path, { body: { text: 'hi' }, headers: as }));
    const streaming = await api.call('POST', path, { body: { text: 'tokens:100' }, headers: { ...as, ...JSONL } });
    const body = outcome(streaming.text());
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await api.running.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await stalled).toBeInstanceOf(Error);
    expect(await body).toBeInstanceOf(Error);
    expect(api.running.emulator.completions[0]?.outcome).toBe('error');
  });
});

/**
 * conversation/{id}/complete in every Accept mode (doc §7.2, §8): JSON body, JSONL event order and
 * wire format, SSE, Accept negotiation, pings, and the stored messages afterwards.
 */
import { describe, expect, it } from 'vitest';
import { JSONL, parseJsonl, parseSse, useApi } from './helpers.js';
import type { Api } from './helpers.js';

async function setup(
  api: Api,
  backstory?: string,
): Promise<{ as: Record<string, string>; path: string; conversationId: string }> {
  const child = await api.child();
  const { conversationId } = await api.conversation(child, backstory);
  return { as: { 'x-runas-user-id': child }, path: `/api/v1/conversation/${conversationId}/complete`, conversationId };
}

describe('complete', () => {
  const api = useApi();

  it('answers JSON for no Accept, */* and application/json', async () => {
    const { as, path } = await setup(api());
    for (const accept of [undefined, '*/*', 'application/json', 'Application/JSON;q=1, text/html']) {
      const response = await api().call('POST', path, {
        body: { text: 'echo: hi' },
        headers: { ...as, ...(accept ? { accept } : {}) },
      });
      expect(response.status, String(accept)).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json');
      const body = (await response.json()) as Record<string, unknown>;
      expect(body).toEqual({
        id: expect.stringMatching(/^c[0-9a-z]{24}$/),
        text: 'hi',
        usage: { token: expect.any(Number) },
        end: { reason: 'stop' },
      });
    }
  });

  it('streams JSONL in the documented order with message.text === joined tokens === result.text', async () => {
    const { as, path } = await setup(api());
    const response = await api().call('POST', path, { body: { text: '  markdown please  ' }, headers: { ...as, ...JSONL } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/jsonl');
    const raw = await response.text();
    expect(raw).not.toContain('\n\n');
    const events = parseJsonl(raw);
    const types = events.map((e) => e.type);
    const firstToken = types.indexOf('token');
    const lastToken = types.lastIndexOf('token');
    expect(types[0]).toBe('sendResult');
    expect(types.slice(-3)).toEqual(['message', 'receiveResult', 'result']);
    expect(types.slice(firstToken, lastToken + 1).every((t) => t === 'token')).toBe(true);
    expect(types.slice(1, firstToken)).toEqual(['completeBegin']);
    expect(types.slice(lastToken + 1, -3)).toEqual(['usage', 'completeEnd']);

    const sendResult = events[0]?.data;
    expect(sendResult).toEqual({ id: expect.any(String), text: 'markdown please', entities: [], usage: { token: 0 } });
    const joined = events
      .filter((e) => e.type === 'token')
      .map((e) => e.data['token'])
      .join('');
    const message = events.find((e) => e.type === 'message')?.data;
    const result = events.at(-1)?.data;
    expect(message).toEqual({ type: 'bot', text: joined });
    expect(result?.['text']).toBe(joined);
    expect(events.at(-2)?.data).toEqual(result);
    expect(result).toMatchObject({ end: { reason: 'stop' }, usage: { token: expect.any(Number) } });
    for (const event of events) expect(typeof event.createdAt, event.type).toBe('number');
  });

  it('streams SSE without createdAt', async () => {
    const { as, path } = await setup(api());
    const response = await api().call('POST', path, {
      body: { text: 'echo: Grüße 🎉' },
      headers: { ...as, accept: 'text/event-stream' },
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const events = parseSse(await response.text());
    expect(events[0]?.event).toBe('sendResult');
    expect(events.at(-1)).toMatchObject({ event: 'result', data: { text: 'Grüße 🎉' } });
    expect(events.map((e) => e.event)).toContain('message');
    expect(JSON.stringify(events)).not.toContain('createdAt');
  });

  it('rejects an unsupported Accept with 400 before doing anything', async () => {
    const { as, path, conversationId } = await setup(api());
    for (const accept of ['text/html,application/xhtml+xml', 'text/csv']) {
      const response = await api().call('POST', path, { body: { text: 'hi' }, headers: { ...as, accept } });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ message: 'Unsupported accept header', code: 'BAD_REQUEST' });
    }
    const { items } = await api().get<{ items: unknown[] }>(`/v1/conversation/${conversationId}/message/list`, as);
    expect(items).toEqual([]);
  });

  it('validates text (trimmed, at least one character)', async () => {
    const { as, path } = await setup(api());
    const blank = await api().call('POST', path, { body: { text: '   ' }, headers: as });
    expect(blank.status).toBe(400);
    const wrongType = await api().call('POST', path, { body: { text: 5 }, headers: as });
    expect(wrongType.status).toBe(400);
  });

  it('stores the user and bot messages, listed in order', async () => {
    const { as, path, conversationId } = await setup(api());
    const first = (await (await api().call('POST', path, { body: { text: 'echo: one' }, headers: as })).json()) as { id: string };
    await (await api().call('POST', path, { body: { text: 'echo: two' }, headers: { ...as, ...JSONL } })).text();
    const { items } = await api().get<{ items: Array<{ id: string; type: string; text: string }> }>(
      `/v1/conversation/${conversationId}/message/list`,
      as,
    );
    expect(items.map((m) => [m.type, m.text])).toEqual([
      ['user', 'echo: one'],
      ['bot', 'one'],
      ['user', 'echo: two'],
      ['bot', 'two'],
    ]);
    expect(items[1]?.id).toBe(first.id);
    const fetched = await api().get(`/v1/conversation/${conversationId}/message/${first.id}/fetch`, as);
    expect(fetched).toMatchObject({ id: first.id, type: 'bot', text: 'one' });
  });

  it('continues without text: no sendResult, answers the last user message', async () => {
    const { as, path } = await setup(api());
    await api().call('POST', path.replace('/complete', '/message/create'), {
      body: { type: 'user', text: 'echo: again' },
      headers: as,
    });
    const events = parseJsonl(await (await api().call('POST', path, { body: {}, headers: { ...as, ...JSONL } })).text());
    expect(events.map((e) => e.type)).not.toContain('sendResult');
    expect(events.at(-1)?.data['text']).toBe('again');
  });

  it('records completions', async () => {
    const { as, path, conversationId } = await setup(api());
    await (await api().call('POST', path, { body: { text: 'tokens:7' }, headers: { ...as, ...JSONL } })).text();
    const [record] = api().running.emulator.completions;
    expect(record).toMatchObject({
      conversationId,
      userId: as['x-runas-user-id'],
      mode: 'jsonl',
      outcome: 'completed',
      tokensSent: 7,
    });
    expect(record?.endedAt).toEqual(expect.any(Number));
    const viaHttp = (await (await fetch(`${api().url}/_emulator/completions`)).json()) as { items: unknown[] };
    expect(viaHttp.items).toHaveLength(1);
  });
});

describe('pings', () => {
  const api = useApi({ tokenDelayMs: 15, pingIntervalMs: 20 });

  it('sends ping events without createdAt while the completion runs', async () => {
    const { as, path } = await setup(api());
    const events = parseJsonl(
      await (await api().call('POST', path, { body: { text: 'tokens:12' }, headers: { ...as, ...JSONL } })).text(),
    );
    const pings = events.filter((e) => e.type === 'ping');
    expect(pings.length).toBeGreaterThan(0);
    for (const ping of pings) expect(ping).toEqual({ type: 'ping', data: {} });
    expect(events.filter((e) => e.type === 'token')).toHaveLength(12);
    expect(events.at(-1)?.type).toBe('result');
  });
});

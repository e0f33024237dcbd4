/**
 * List semantics (doc §4): cursor paging, order, take clamping, meta filters, the omitted cursor on
 * an empty page, conversation filters, and streamed lists.
 */
import { describe, expect, it } from 'vitest';
import { parseJsonl, useApi } from './helpers.js';

interface Page {
  items: Array<{ id: string; name?: string }>;
  cursor?: string;
}

describe('lists', () => {
  const api = useApi();

  async function createUsers(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push(await api().child({ name: `u${i}`, meta: { even: i % 2 === 0, n: i } }));
    return ids;
  }

  it('pages with cursor and take, newest first by default, cursor omitted on the empty page', async () => {
    const ids = await createUsers(5);
    const first = await api().get<Page>('/v1/partner/user/list?take=2');
    expect(first.items.map((u) => u.id)).toEqual([ids[4], ids[3]]);
    expect(first.cursor).toBe(ids[3]);
    const second = await api().get<Page>(`/v1/partner/user/list?take=2&cursor=${first.cursor}`);
    expect(second.items.map((u) => u.id)).toEqual([ids[2], ids[1]]);
    const third = await api().get<Page>(`/v1/partner/user/list?take=2&cursor=${second.cursor}`);
    expect(third.items.map((u) => u.id)).toEqual([ids[0]]);
    const empty = await api().get<Page>(`/v1/partner/user/list?take=2&cursor=${third.cursor}`);
    expect(empty).toEqual({ items: [] });
    expect('cursor' in empty).toBe(false);
  });

  it('orders ascending on request and rejects unknown orders', async () => {
    const ids = await createUsers(3);
    const asc = await api().get<Page>('/v1/partner/user/list?order=asc');
    expect(asc.items.map((u) => u.id)).toEqual(ids);
    const bad = await api().call('GET', '/v1/partner/user/list?order=sideways');
    expect(bad.status).toBe(400);
  });

  it('clamps take to 1..100 and defaults 0/NaN to 100', async () => {
    await createUsers(3);
    for (const [take, expected] of [
      ['1', 1],
      ['0', 3],
      ['abc', 3],
      ['-5', 3],
      ['1000', 3],
    ] as const) {
      const page = await api().get<Page>(`/v1/partner/user/list?take=${take}`);
      expect(page.items, `take=${take}`).toHaveLength(expected);
    }
  });

  it('clamps a large take to 100 items per page', async () => {
    const child = await api().child();
    const messages = Array.from({ length: 105 }, (_, i) => ({ type: 'user', text: `m${i}` }));
    const created = await api().post<{ id: string; messages: unknown[] }>(
      '/v1/conversation/create',
      { messages },
      { 'x-runas-user-id': child },
    );
    expect(created.messages).toHaveLength(105);
    const page = await api().get<Page & { items: Array<{ text: string }> }>(
      `/v1/conversation/${created.id}/message/list?take=500`,
      { 'x-runas-user-id': child },
    );
    expect(page.items).toHaveLength(100);
    // Message lists default to ascending order.
    expect(page.items[0]?.text).toBe('m0');
  });

  it('filters by meta (dot and bracket forms, booleans)', async () => {
    await createUsers(4);
    const even = await api().get<Page>('/v1/partner/user/list?meta.even=true&order=asc');
    expect(even.items.map((u) => u.name)).toEqual(['u0', 'u2']);
    const bracket = await api().get<Page>('/v1/partner/user/list?meta[n]=3');
    expect(bracket.items.map((u) => u.name)).toEqual(['u3']);
  });

  it('filters conversations by botId (comma list)', async () => {
    const child = await api().child();
    const as = { 'x-runas-user-id': child };
    const a = await api().conversation(child);
    const b = await api().conversation(child);
    await api().post('/v1/conversation/create', {}, as);
    const onlyA = await api().get<Page>(`/v1/conversation/list?botId=${a.botId}`, as);
    expect(onlyA.items.map((c) => c.id)).toEqual([a.conversationId]);
    const both = await api().get<Page>(`/v1/conversation/list?botId=${a.botId},${b.botId}&order=asc`, as);
    expect(both.items.map((c) => c.id)).toEqual([a.conversationId, b.conversationId]);
    const all = await api().get<Page>('/v1/conversation/list', as);
    expect(all.items).toHaveLength(3);
    expect(all.items[0]).toHaveProperty('expiresAt', null);
  });

  it('streams lists as item lines without a result line, and negotiates Accept', async () => {
    await createUsers(3);
    const response = await api().call('GET', '/api/v1/partner/user/list?order=asc', { headers: { accept: 'application/jsonl' } });
    expect(response.headers.get('content-type')).toBe('application/jsonl');
    const events = parseJsonl(await response.text());
    expect(events.map((e) => e.type)).toEqual(['item', 'item', 'item']);
    expect(events.map((e) => e.data['name'])).toEqual(['u0', 'u1', 'u2']);
    const html = await api().call('GET', '/v1/partner/user/list', { headers: { accept: 'text/html,application/json' } });
    expect(html.status).toBe(400);
    expect(await html.json()).toEqual({ message: 'Unsupported accept header', code: 'BAD_REQUEST' });
    const csv = await api().call('GET', '/v1/partner/user/list?order=asc', { headers: { accept: 'text/csv' } });
    expect((await csv.text()).split('\n')[1]).toContain('u0');
  });
});

/**
 * The deterministic bot end to end: rules from the bot's backstory (and a conversation's inline
 * override), exact token counts for benchmarks, the markdown showcase, determinism.
 */
import { describe, expect, it } from 'vitest';
import { JSONL, parseJsonl, useApi } from './helpers.js';
import type { Api, WireEvent } from './helpers.js';

const BACKSTORY = 'You are Tessa, the helper of Café Über.\n- when opening|hours: We open at 8 — daily.\\nSee you! ☕';

async function complete(api: Api, as: Record<string, string>, conversationId: string, text: string): Promise<WireEvent[]> {
  const response = await api.call('POST', `/v1/conversation/${conversationId}/complete`, {
    body: { text },
    headers: { ...as, ...JSONL },
  });
  return parseJsonl(await response.text());
}

const joined = (events: WireEvent[]): string =>
  events
    .filter((e) => e.type === 'token')
    .map((e) => String(e.data['token']))
    .join('');

describe('deterministic bot over the API', () => {
  const api = useApi();

  it('answers from the bot backstory; an inline conversation backstory overrides it', async () => {
    const child = await api().child();
    const as = { 'x-runas-user-id': child };
    const { conversationId, botId } = await api().conversation(child, BACKSTORY);
    const events = await complete(api(), as, conversationId, 'What are your opening hours?');
    expect(joined(events)).toBe('We open at 8 — daily.\nSee you! ☕');
    expect(events.find((e) => e.type === 'message')?.data['text']).toBe('We open at 8 — daily.\nSee you! ☕');

    const { id: inline } = await api().post<{ id: string }>(
      '/v1/conversation/create',
      { botId, backstory: '- when hours: Closed for good.' },
      as,
    );
    expect(joined(await complete(api(), as, inline, 'hours?'))).toBe('Closed for good.');
  });

  it('gives the same answer to the same input', async () => {
    const child = await api().child();
    const as = { 'x-runas-user-id': child };
    const a = await api().conversation(child, BACKSTORY);
    const b = await api().conversation(child, BACKSTORY);
    for (const text of ['hi', 'long', 'something unrelated']) {
      const first = await complete(api(), as, a.conversationId, text);
      const second = await complete(api(), as, b.conversationId, text);
      expect(first.filter((e) => e.type === 'token').map((e) => e.data['token'])).toEqual(
        second.filter((e) => e.type === 'token').map((e) => e.data['token']),
      );
    }
  });

  it('streams exactly N token events for tokens:N', async () => {
    const child = await api().child();
    const { conversationId } = await api().conversation(child);
    for (const n of [1, 50, 2000]) {
      const events = await complete(api(), { 'x-runas-user-id': child }, conversationId, `bench tokens:${n}`);
      expect(events.filter((e) => e.type === 'token')).toHaveLength(n);
      expect(events.at(-1)?.data['text']).toBe(joined(events));
    }
  });

  it('streams the markdown showcase with a table and a fenced code block', async () => {
    const child = await api().child();
    const { conversationId } = await api().conversation(child);
    const text = joined(await complete(api(), { 'x-runas-user-id': child }, conversationId, 'markdown'));
    expect(text).toMatch(/^\| .+ \|$/m);
    expect(text).toMatch(/^\| --- \|/m);
    expect(text).toMatch(/```ts\n[\s\S]+?\n```/);
  });
});

/**
 * The whole flow over real sockets: the partner onboards a customer through the admin API, a
 * visitor mints a session from an allowed origin, opens a conversation, streams an answer and reads
 * the history. Assertions also look at what the emulator received: that is how isolation is proven.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Stack, parseSse } from '../support/stack.js';

const ORIGIN = 'https://shop.example';
let stack: Stack;

beforeAll(async () => {
  stack = await Stack.start();
});
afterAll(async () => {
  expect(stack.findLeaks()).toEqual([]);
  await stack.close();
});

describe('a visitor chats on a customer site', () => {
  it('walks the whole flow', async () => {
    const { tenant, site, bot } = await stack.seedCustomer({ origins: [ORIGIN] });
    expect(site.siteKey).toMatch(/^pk_[0-9A-Za-z]{22}$/);
    expect(site.embedSnippet).toBe(`<script src="${stack.url}/widget.js" data-site-key="${site.siteKey}" async></script>`);

    // The public config, as the widget reads it first.
    const config = await stack.fetch(`/v1/sites/${site.siteKey}/config`, { headers: { origin: ORIGIN } });
    expect(config.status).toBe(200);
    expect(config.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(config.headers.get('vary')).toMatch(/Origin/);
    expect(config.json).toEqual({
      siteKey: site.siteKey,
      title: 'Shop help',
      subtitle: null,
      greeting: 'Hi!',
      starterPrompts: ['When are you open?'],
      locale: null,
      theme: {},
      translations: {},
      identityRequired: false,
    });

    const session = await stack.session(site.siteKey, ORIGIN);
    expect(session.status).toBe(201);
    expect(session.headers.get('cache-control')).toBe('no-store');
    expect(session.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(session.json.visitorId).toMatch(/^vi_/);
    expect(session.json.expiresAt).toBeGreaterThan(Date.now() + 9 * 60_000);
    expect(session.json.expiresAt).toBeLessThanOrEqual(Date.now() + 10 * 60_000 + 1000);
    expect(session.json.config.siteKey).toBe(site.siteKey);

    const visitor = await stack.visitor(site.siteKey, ORIGIN);
    const created = await visitor.createConversation();
    expect(created.status).toBe(201);
    const conversationId: string = created.json.conversationId;
    expect(conversationId).toMatch(/^cv_[0-9A-Za-z]{22}$/);

    // The upstream conversation was created in the tenant's sub-account, with the site's bot.
    const user = { id: stack.subAccountOf(tenant.id) };
    const createCall = stack.emulator.requests.filter((r) => r.path.endsWith('/conversation/create')).at(-1)!;
    expect(createCall.headers['x-runas-user-id']).toBe(user.id);
    expect(createCall.body).toEqual({ botId: bot.id });

    const reply = await visitor.ask(conversationId, 'When are you open?');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(reply.headers.get('cache-control')).toBe('no-store');
    // Written straight to the socket, the stream still carries what the middleware set.
    expect(reply.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(reply.headers.get('vary')).toBe('Origin');
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
    expect(reply.headers.get('x-request-id')).toBeTruthy();
    expect(reply.headers.get('x-accel-buffering')).toBe('no');
    const [start, ...events] = parseSse(reply.text);
    // First the answer's id, to read it again after a reload (answers.test.ts).
    expect(start).toEqual({ event: 'start', data: { answerId: expect.stringMatching(/^an_[0-9A-Za-z]{22}$/) } });
    const tokens = events.filter((e) => e.event === 'token');
    expect(tokens.length).toBeGreaterThan(1);
    const terminal = events.filter((e) => e.event !== 'token');
    expect(terminal).toHaveLength(1);
    expect(terminal[0]!.event).toBe('done');
    const answer = tokens.map((t) => t.data.token).join('');
    expect(answer).toContain('We are open 9 to 5.');
    expect(terminal[0]!.data).toEqual({ messageId: expect.any(String), text: answer, finishReason: 'stop' });

    const completeCall = stack.emulator.requests.filter((r) => r.path.endsWith('/complete')).at(-1)!;
    expect(completeCall.headers['x-runas-user-id']).toBe(user.id);
    expect(completeCall.headers['accept']).toBe('application/jsonl');
    expect(completeCall.body).toEqual({ text: 'When are you open?' });

    const history = await visitor.history(conversationId);
    expect(history.status).toBe(200);
    expect(history.json.items.map((m: { role: string; text: string }) => [m.role, m.text])).toEqual([
      ['user', 'When are you open?'],
      ['bot', answer],
    ]);

    const list = await visitor.listConversations();
    expect(list.json.items).toEqual([
      {
        conversationId,
        createdAt: created.json.createdAt,
        lastMessageAt: expect.any(Number),
        preview: answer.slice(0, 120),
        title: 'When are you open?',
      },
    ]);

    const usage = await stack.admin('GET', `/tenants/${tenant.id}/usage`);
    expect(usage.json.totals).toEqual({
      sessions: 2,
      conversations: 1,
      messages: 1,
      answersCompleted: 1,
      answersFailed: 0,
      thumbsUp: 0,
      thumbsDown: 0,
    });
    expect(usage.json.sites).toEqual([{ siteId: site.id, name: site.name, totals: usage.json.totals }]);
  });

  it('keeps a conversation across a resumed session', async () => {
    const { site } = await stack.seedCustomer({ origins: [ORIGIN] });
    const first = await stack.visitor(site.siteKey, ORIGIN);
    const { json } = await first.createConversation();
    const renewed = await stack.session(site.siteKey, ORIGIN, { resume: first.token });
    expect(renewed.status).toBe(201);
    expect(renewed.json.visitorId).toBe(first.visitorId);
    expect(renewed.json.token).not.toBe(first.token);
    const history = await stack.fetch(`/v1/sites/${site.siteKey}/conversations/${json.conversationId}/messages`, {
      headers: { origin: ORIGIN, authorization: `Bearer ${renewed.json.token}` },
    });
    expect(history.status).toBe(200);
  });

  it('streams the answer as it arrives, not buffered', async () => {
    const { site } = await stack.seedCustomer({ origins: [ORIGIN] });
    const visitor = await stack.visitor(site.siteKey, ORIGIN);
    const { json } = await visitor.createConversation();
    stack.emulator.faults.add({ fault: { kind: 'slow-tokens', delayMs: 40 }, path: '/complete$', times: 1 });
    const res = await fetch(`${stack.url}/v1/sites/${site.siteKey}/conversations/${json.conversationId}/messages`, {
      method: 'POST',
      headers: visitor.headers(),
      body: JSON.stringify({ text: 'tokens:30' }),
    });
    const reader = res.body!.getReader();
    const arrivals: number[] = [];
    const start = Date.now();
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      arrivals.push(Date.now() - start);
      text += new TextDecoder().decode(value);
    }
    stack.capture('POST', 'stream', res, text);
    // 30 tokens 40 ms apart: chunks must arrive spread over ~1.2 s, not all at the end.
    expect(arrivals.length).toBeGreaterThan(10);
    expect(arrivals[Math.floor(arrivals.length / 2)]!).toBeLessThan(arrivals.at(-1)! - 300);
    expect(parseSse(text).filter((e) => e.event === 'token')).toHaveLength(30);
  });
});

/**
 * Conformance with the OFFICIAL @chatbotkit/sdk: the emulator must work unchanged behind the real
 * client (which sends /api/v1/... to non-chatbotkit hosts, parses JSONL line by line and retries
 * 429/5xx), as a partner, with runAsUserId and with runAsChildUserEmail.
 */
import { ChatBotKit } from '@chatbotkit/sdk';
import { describe, expect, it } from 'vitest';
import { useApi } from './helpers.js';

// sdk 1.36's ConversationCreateRequest type loses `botId` (Omit over a union in its typings), although
// the API and the SDK's runtime take it; this helper keeps the cast in one place.
type CreateConversation = Parameters<ChatBotKit['conversation']['create']>[0];
const withBot = (botId: string): CreateConversation => ({ botId }) as CreateConversation;

interface Item {
  type: string;
  data: Record<string, unknown>;
}

describe('@chatbotkit/sdk against the emulator', () => {
  const api = useApi();

  it('creates a partner user, a bot and a conversation, and streams a completion', async () => {
    const { url, token, running } = api();
    const partner = new ChatBotKit({ secret: token, baseUrl: url });
    const { id: userId } = await partner.partner.user.create({ name: 'Customer', email: 'customer@example.com' });
    expect((await partner.partner.user.fetch(userId)).email).toBe('customer@example.com');
    const users = await partner.partner.user.list();
    expect(users.items.map((u: { id: string }) => u.id)).toEqual([userId]);

    const child = new ChatBotKit({ secret: token, baseUrl: url, runAsUserId: userId });
    const { id: botId } = await child.bot.create({ name: 'Tessa', backstory: '- when price: It costs 5 €.' });
    const { id: conversationId } = await child.conversation.create(withBot(botId));

    const items: Item[] = [];
    for await (const item of child.conversation.complete(conversationId, { text: 'What is the price?' }).stream()) {
      items.push(item as Item);
    }
    const types = items.map((i) => i.type).filter((t) => t !== 'ping');
    expect(types[0]).toBe('sendResult');
    expect(types.slice(-3)).toEqual(['message', 'receiveResult', 'result']);
    const tokens = items
      .filter((i) => i.type === 'token')
      .map((i) => i.data['token'])
      .join('');
    expect(tokens).toBe('It costs 5 €.');
    expect(items.find((i) => i.type === 'message')?.data).toEqual({ type: 'bot', text: tokens });
    expect(items.at(-1)?.data['text']).toBe(tokens);

    const awaited = await child.conversation.complete(conversationId, { text: 'echo: awaited' });
    expect(awaited).toMatchObject({ text: 'awaited', end: { reason: 'stop' } });
    expect(typeof awaited.id).toBe('string');

    const { items: messages } = await child.conversation.message.list(conversationId);
    expect(messages.map((m: { type: string; text: string }) => [m.type, m.text])).toEqual([
      ['user', 'What is the price?'],
      ['bot', 'It costs 5 €.'],
      ['user', 'echo: awaited'],
      ['bot', 'awaited'],
    ]);

    const streamed = running.emulator.requests.find(
      (r) => r.path.endsWith('/complete') && r.headers['accept'] === 'application/jsonl',
    );
    expect(streamed?.path).toBe(`/api/v1/conversation/${conversationId}/complete`);
    expect(streamed?.headers['x-runas-user-id']).toBe(userId);
    expect(streamed?.headers['authorization']).toBe(`Bearer ${token}`);
  });

  it('acts as a child by email and surfaces error codes', async () => {
    const { url, token } = api();
    const partner = new ChatBotKit({ secret: token, baseUrl: url });
    const { id: alice } = await partner.partner.user.create({ email: 'alice@example.com' });
    await partner.partner.user.create({ email: 'bob@example.com' });
    const asAlice = new ChatBotKit({ secret: token, baseUrl: url, runAsUserId: alice });
    const { id: botId } = await asAlice.bot.create({ name: 'Alice bot' });

    const byEmail = new ChatBotKit({ secret: token, baseUrl: url, runAsChildUserEmail: 'alice@example.com' });
    const bots = await byEmail.bot.list();
    expect(bots.items.map((b: { id: string }) => b.id)).toEqual([botId]);
    const { id: conversationId } = await byEmail.conversation.create(withBot(botId));
    const reply = await byEmail.conversation.complete(conversationId, { text: 'tokens:3' });
    expect(reply.text.length).toBeGreaterThan(0);

    const asBob = new ChatBotKit({ secret: token, baseUrl: url, runAsChildUserEmail: 'bob@example.com' });
    await expect(asBob.conversation.fetch(conversationId)).rejects.toMatchObject({ code: 'NOT_AUTHORIZED' });
    await expect(asBob.bot.fetch('cmissing00000000000000000')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'Bot not found',
    });
    const stranger = new ChatBotKit({ secret: token, baseUrl: url, runAsChildUserEmail: 'nobody@example.com' });
    await expect(stranger.bot.list()).rejects.toMatchObject({ code: 'NOT_AUTHENTICATED' });
  });

  it('survives one 503 thanks to the SDK retry, and gets the error body after retries run out', async () => {
    const { url, token, running } = api();
    const partner = new ChatBotKit({ secret: token, baseUrl: url });
    running.emulator.faults.add({ fault: { kind: 'status', status: 503 }, times: 1 });
    const { id } = await partner.partner.user.create({});
    expect(id).toMatch(/^c/);
    expect(running.emulator.requests.filter((r) => r.path === '/api/v1/partner/user/create')).toHaveLength(2);

    running.emulator.faults.add({ fault: { kind: 'status', status: 429 } });
    const noRetry = new ChatBotKit({ secret: token, baseUrl: url, retries: 0 });
    await expect(noRetry.partner.user.list()).rejects.toMatchObject({ code: 'LIMITS_REACHED' });
  });
});

describe('@chatbotkit/sdk message votes against the emulator', () => {
  const api = useApi();

  it('upvotes and downvotes a message as the SDK sends them ({value: 100} by default), only in its own conversation', async () => {
    const { url, token, running } = api();
    const partner = new ChatBotKit({ secret: token, baseUrl: url });
    const { id: userId } = await partner.partner.user.create({ name: 'Customer' });
    const child = new ChatBotKit({ secret: token, baseUrl: url, runAsUserId: userId });
    const { id: botId } = await child.bot.create({ name: 'Tessa', backstory: '- when price: It costs 5 €.' });
    const { id: conversationId } = await child.conversation.create(withBot(botId));
    await child.conversation.complete(conversationId, { text: 'What is the price?' });
    const { items } = await child.conversation.message.list(conversationId);
    const answer = items.find((m: { type: string }) => m.type === 'bot') as { id: string };

    expect(await child.conversation.message.upvote(conversationId, answer.id, {})).toEqual({ id: answer.id });
    expect(running.emulator.state.messages.get(answer.id)?.vote).toBe(100);
    expect(await child.conversation.message.downvote(conversationId, answer.id, {})).toEqual({ id: answer.id });
    expect(running.emulator.state.messages.get(answer.id)?.vote).toBe(-100);

    const { id: otherUser } = await partner.partner.user.create({ name: 'Another' });
    const other = new ChatBotKit({ secret: token, baseUrl: url, runAsUserId: otherUser });
    await expect(other.conversation.message.upvote(conversationId, answer.id, {})).rejects.toThrow();
    expect(running.emulator.state.messages.get(answer.id)?.vote).toBe(-100);
  });
});

describe('@chatbotkit/sdk contacts against the emulator', () => {
  const api = useApi();

  it('ensures, updates, fetches and lists a contact, and ties a conversation to it', async () => {
    const { url, token } = api();
    const partner = new ChatBotKit({ secret: token, baseUrl: url });
    const { id: userId } = await partner.partner.user.create({ name: 'Customer' });
    const child = new ChatBotKit({ secret: token, baseUrl: url, runAsUserId: userId });

    const fingerprint = 'tessera:site_sdk0001:user-7';
    const { id } = await child.contact.ensure({ fingerprint, name: 'Ada', email: 'ada@example.com' });
    expect(await child.contact.ensure({ fingerprint })).toEqual({ id });
    expect(await child.contact.update(id, { name: 'Ada L.' })).toEqual({ id });
    expect(await child.contact.fetch(id)).toMatchObject({ id, name: 'Ada L.', email: 'ada@example.com', fingerprint });
    const { items } = await child.contact.list();
    expect(items.map((c: { id: string }) => c.id)).toEqual([id]);

    const { id: conversationId } = await child.conversation.create({ contactId: id } as CreateConversation);
    await child.conversation.create({} as CreateConversation);
    const mine = await child.conversation.list({ contactId: id } as Parameters<ChatBotKit['conversation']['list']>[0]);
    expect(mine.items.map((c: { id: string }) => c.id)).toEqual([conversationId]);
    await expect(child.contact.ensure({ fingerprint: 'too-short' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

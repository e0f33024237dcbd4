/**
 * Credentials, run-as and per-account scoping (doc §2, §3.1, §11.2-3) over a real socket.
 */
import { describe, expect, it } from 'vitest';
import { openApi, useApi } from './helpers.js';

const NOT_AUTHENTICATED = { message: 'Not authenticated', code: 'NOT_AUTHENTICATED' };

describe('credentials', () => {
  const api = useApi({ partnerTokens: ['sk-partner-one', 'sk-partner-two'] });

  it('answers 401 without a bearer, with an unknown key and with non-secret token shapes', async () => {
    const url = `${api().url}/v1/bot/list`;
    for (const authorization of [undefined, 'Bearer sk-unknown', 'Bearer a.b.c', 'Basic sk-partner-one', 'Bearer ']) {
      const response = await fetch(url, { headers: authorization ? { authorization } : {} });
      expect(response.status, String(authorization)).toBe(401);
      expect(await response.json()).toEqual(NOT_AUTHENTICATED);
    }
  });

  it('treats every partner token as its own owner account', async () => {
    expect(api().token).toBe('sk-partner-one');
    const child = await api().child({ name: 'of-one' });
    const asTwo = await fetch(`${api().url}/v1/partner/user/${child}/fetch`, {
      headers: { authorization: 'Bearer sk-partner-two' },
    });
    expect(asTwo.status).toBe(403);
    expect(asTwo.headers.get('x-failure-code')).toBe('NOT_AUTHORIZED');
    const list = await fetch(`${api().url}/v1/partner/user/list`, { headers: { authorization: 'Bearer sk-partner-two' } });
    expect(await list.json()).toEqual({ items: [] });
  });
});

describe('run-as', () => {
  const api = useApi({ partnerTokens: ['sk-owner-a', 'sk-owner-b'] });

  it('acts as a direct child by id, by the old userid header and by email', async () => {
    const child = await api().child({ email: 'kid@example.com' });
    const { id: botId } = await api().post<{ id: string }>('/v1/bot/create', { name: 'mine' }, { 'x-runas-user-id': child });
    const variants: Array<Record<string, string>> = [
      { 'X-RunAs-User-Id': child },
      { 'X-RunAs-UserId': child },
      { 'x-runas-child-user-email': 'kid@example.com' },
    ];
    for (const headers of variants) {
      const { items } = await api().get<{ items: Array<{ id: string }> }>('/v1/bot/list', headers);
      expect(
        items.map((bot) => bot.id),
        JSON.stringify(headers),
      ).toEqual([botId]);
    }
    // The owner itself does not see the child's bot.
    expect((await api().get<{ items: unknown[] }>('/v1/bot/list')).items).toEqual([]);
  });

  it('prefers the id header over the email header', async () => {
    const first = await api().child({ email: 'first@example.com' });
    await api().child({ email: 'second@example.com' });
    await api().post('/v1/bot/create', { name: 'first bot' }, { 'x-runas-user-id': first });
    const { items } = await api().get<{ items: Array<{ name: string }> }>('/v1/bot/list', {
      'x-runas-user-id': first,
      'x-runas-child-user-email': 'second@example.com',
    });
    expect(items.map((bot) => bot.name)).toEqual(['first bot']);
  });

  it("answers 401 for a non-child: another owner's child, a grandchild, an unknown id or email", async () => {
    const otherOwnersChild = (
      (await (
        await fetch(`${api().url}/v1/partner/user/create`, {
          method: 'POST',
          headers: { authorization: 'Bearer sk-owner-b', 'content-type': 'application/json' },
          body: '{}',
        })
      ).json()) as { id: string }
    ).id;
    const child = await api().child();
    const { token: childKey } = await api().post<{ token: string }>(`/v1/partner/user/${child}/token/create`, {});
    expect(childKey).toMatch(/^sk-/);
    const grandchild = (
      (await (
        await fetch(`${api().url}/v1/partner/user/create`, {
          method: 'POST',
          headers: { authorization: `Bearer ${childKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'grand@example.com' }),
        })
      ).json()) as { id: string }
    ).id;
    const nonChildren: Array<Record<string, string>> = [
      { 'x-runas-user-id': otherOwnersChild },
      { 'x-runas-user-id': grandchild },
      { 'x-runas-userid': 'cnonexistent0000000000000' },
      { 'x-runas-child-user-email': 'grand@example.com' },
      { 'x-runas-child-user-email': 'nobody@example.com' },
    ];
    for (const headers of nonChildren) {
      const response = await api().call('GET', '/v1/bot/list', { headers });
      expect(response.status, JSON.stringify(headers)).toBe(401);
      expect(await response.json()).toEqual(NOT_AUTHENTICATED);
    }
  });

  it('refuses partner routes for a run-as call with 403', async () => {
    const child = await api().child();
    const response = await api().call('GET', '/v1/partner/user/list', { headers: { 'x-runas-user-id': child } });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-failure-code')).toBe('NOT_AUTHORIZED');
    expect(await response.json()).toEqual({ message: 'Not authorized', code: 'NOT_AUTHORIZED' });
  });
});

describe('per-account scoping', () => {
  const api = useApi();

  it("answers 403 for another child's bot and conversation and 404 for missing ones", async () => {
    const alice = await api().child();
    const bob = await api().child();
    const { botId, conversationId } = await api().conversation(alice);
    const asBob = { 'x-runas-user-id': bob };
    for (const [method, path] of [
      ['GET', `/v1/bot/${botId}/fetch`],
      ['POST', `/v1/bot/${botId}/update`],
      ['GET', `/v1/conversation/${conversationId}/fetch`],
      ['GET', `/v1/conversation/${conversationId}/message/list`],
      ['POST', `/v1/conversation/${conversationId}/complete`],
      ['POST', `/v1/conversation/${conversationId}/delete`],
    ] as const) {
      const response = await api().call(method, path, { headers: asBob, ...(method === 'POST' ? { body: {} } : {}) });
      expect(response.status, path).toBe(403);
      expect(response.headers.get('x-failure-code')).toBe('NOT_AUTHORIZED');
    }
    const foreignBot = await api().call('POST', '/v1/conversation/create', { headers: asBob, body: { botId } });
    expect(foreignBot.status).toBe(403);

    const missing = await api().call('GET', '/v1/conversation/cmissing00000000000000000/fetch', { headers: asBob });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: 'Conversation not found', code: 'NOT_FOUND' });
    const missingBot = await api().call('POST', '/v1/conversation/create', { headers: asBob, body: { botId: 'cnope' } });
    expect(await missingBot.json()).toEqual({ message: 'Bot not found', code: 'NOT_FOUND' });
  });

  it('keeps separate emulators apart', async () => {
    const other = await openApi();
    try {
      const response = await fetch(`${other.url}/v1/bot/list`, { headers: { authorization: `Bearer ${api().token}` } });
      expect(response.status).toBe(401);
    } finally {
      await other.running.close();
    }
  });
});

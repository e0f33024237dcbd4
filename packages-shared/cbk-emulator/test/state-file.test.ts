/**
 * State-file persistence: a restarted emulator keeps partner tokens, partner users, bots,
 * conversations and messages; saves are debounced and atomic; reset keeps partner tokens only.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmulator } from '../src/index.js';
import { openApi } from './helpers.js';

describe('state file', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cbk-emulator-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips accounts, tokens, bots, conversations and messages across restarts', async () => {
    const stateFile = join(dir, 'nested', 'state.json');
    const first = await openApi({ stateFile });
    const child = await first.child({ email: 'keep@example.com', meta: { plan: 'pro' } });
    const { conversationId, botId } = await first.conversation(child, '- when ping: pong');
    await first.call('POST', `/v1/conversation/${conversationId}/complete`, {
      body: { text: 'ping' },
      headers: { 'x-runas-user-id': child },
    });
    const token = first.token;
    await first.running.close();
    expect(existsSync(stateFile)).toBe(true);

    const second = await openApi({ stateFile });
    try {
      expect(second.token).toBe(token);
      const as = { 'x-runas-child-user-email': 'keep@example.com' };
      expect(await second.get(`/v1/partner/user/${child}/fetch`)).toMatchObject({ id: child, meta: { plan: 'pro' } });
      expect(await second.get(`/v1/bot/${botId}/fetch`, as)).toMatchObject({ id: botId, backstory: '- when ping: pong' });
      const { items } = await second.get<{ items: Array<{ type: string; text: string }> }>(
        `/v1/conversation/${conversationId}/message/list`,
        as,
      );
      expect(items.map((m) => [m.type, m.text])).toEqual([
        ['user', 'ping'],
        ['bot', 'pong'],
      ]);
    } finally {
      await second.running.close();
    }
  });

  it('saves debounced after a mutation, atomically (no temp file left behind)', async () => {
    const stateFile = join(dir, 'state.json');
    const api = await openApi({ stateFile, partnerTokens: ['sk-fixed'] });
    try {
      await api.child();
      const until = Date.now() + 2000;
      while (!existsSync(stateFile) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      expect(existsSync(stateFile)).toBe(true);
      expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    } finally {
      await api.running.close();
    }
    const reloaded = createEmulator({ stateFile });
    expect(reloaded.partnerToken).toBe('sk-fixed');
    expect([...reloaded.state.users.values()].filter((u) => u.parentId !== null)).toHaveLength(1);
  });

  it('adds option tokens to the loaded ones; reset keeps only partner tokens', async () => {
    const stateFile = join(dir, 'state.json');
    const a = createEmulator({ stateFile, partnerTokens: ['sk-a'] });
    await a.flush();
    const b = createEmulator({ stateFile, partnerTokens: ['sk-b'] });
    expect(b.partnerToken).toBe('sk-b');
    expect([...b.state.tokens.keys()].sort()).toEqual(['sk-a', 'sk-b']);

    const response = await b.app.request('/v1/partner/user/create', {
      method: 'POST',
      headers: { authorization: 'Bearer sk-a', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(200);
    expect(b.state.users.size).toBe(3);
    b.reset();
    expect(b.state.users.size).toBe(2);
    expect(b.requests).toEqual([]);
    const after = await b.app.request('/v1/partner/user/list', { headers: { authorization: 'Bearer sk-a' } });
    expect(await after.json()).toEqual({ items: [] });
    await b.flush();
  });
});

describe('defaults', () => {
  it('makes one random sk-emu- partner token', () => {
    const emulator = createEmulator();
    expect(emulator.partnerToken).toMatch(/^sk-emu-[0-9A-Za-z]{32}$/);
    expect(createEmulator().partnerToken).not.toBe(emulator.partnerToken);
  });
});

/**
 * The demo with CHATBOTKIT_TOKEN set runs against "the real ChatBotKit": no embedded emulator, the
 * sub-accounts and bots created upstream on the first run and reused on the next. Here a separate
 * emulator process stands in for api.chatbotkit.com (reached only through CHATBOTKIT_API_URL and the
 * partner token, exactly as the real API would be).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '@tessera/cbk-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../src/stack.js';

const PORTS = { service: 0, partner: 0, velo: 0, dental: 0, docs: 0 };

describe('the demo against a ChatBotKit account (CHATBOTKIT_TOKEN)', () => {
  let upstream: Awaited<ReturnType<typeof startEmulator>>;
  let dataDir: string;
  let token: string;

  const api = async (path: string, runAs?: string) => {
    const res = await fetch(`${upstream.url}/v1/${path}`, {
      headers: { authorization: `Bearer ${token}`, ...(runAs ? { 'x-runas-user-id': runAs } : {}) },
    });
    expect(res.status, path).toBe(200);
    return (await res.json()) as { items: { id: string; name?: string }[] };
  };
  const start = () =>
    startDemo({ dataDir, ports: PORTS, chatbotkitToken: token, chatbotkitApiUrl: upstream.url, logLevel: 'silent' });

  beforeAll(async () => {
    upstream = await startEmulator({ port: 0, tokenDelayMs: 0 });
    token = upstream.emulator.partnerToken;
    dataDir = await mkdtemp(join(tmpdir(), 'tessera-real-'));
  });
  afterAll(async () => {
    await upstream?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('creates one sub-account and one bot per customer on the first run, reuses them on the next, and chats through them', async () => {
    let demo: Demo = await start();
    let firstKeys: string[];
    try {
      expect(demo.emulator, 'no embedded emulator').toBeNull();
      const users = (await api('partner/user/list')).items;
      expect(users).toHaveLength(demo.sites.length);
      for (const user of users) expect((await api('bot/list', user.id)).items).toHaveLength(1);
      firstKeys = demo.sites.map((s) => s.site.siteKey);

      // A visitor of one customer site chats; the answer comes from that customer's bot upstream.
      const velo = demo.sites.find((s) => s.customer.slug === 'velo')!;
      const base = `${demo.serviceUrl}/v1/sites/${velo.site.siteKey}`;
      const session = await fetch(`${base}/sessions`, { method: 'POST', headers: { origin: velo.origin } });
      expect(session.status).toBe(201);
      const { token: visitorToken } = (await session.json()) as { token: string };
      const headers = { origin: velo.origin, authorization: `Bearer ${visitorToken}`, 'content-type': 'application/json' };
      const conv = await fetch(`${base}/conversations`, { method: 'POST', headers, body: '{}' });
      expect(conv.status).toBe(201);
      const { conversationId } = (await conv.json()) as { conversationId: string };
      const answer = await (
        await fetch(`${base}/conversations/${conversationId}/messages`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ text: 'echo: hello upstream' }),
        })
      ).text();
      expect(answer).toContain('event: done');
      expect(answer).toContain('hello upstream');
    } finally {
      await demo.close();
    }

    demo = await start();
    try {
      expect((await api('partner/user/list')).items, 'no second set of sub-accounts').toHaveLength(demo.sites.length);
      expect(demo.sites.map((s) => s.site.siteKey)).toEqual(firstKeys);
    } finally {
      await demo.close();
    }
  });
});

/** The per-tenant daily message quota (usage/usage-service.ts takeMessage), and serving the widget script. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Stack } from '../support/stack.js';

const ORIGIN = 'https://shop.example';
let stack: Stack;
let widgetPath: string;

beforeAll(async () => {
  widgetPath = join(await mkdtemp(join(tmpdir(), 'tessera-widget-')), 'widget.js');
  stack = await Stack.start({ env: { WIDGET_FILE: widgetPath } });
});
afterAll(async () => {
  expect(stack.findLeaks()).toEqual([]);
  await stack.close();
});

describe('daily message quota', () => {
  it('answers 429 quota_exceeded past the quota, across the tenant, without calling upstream', async () => {
    const { site, tenant } = await stack.seedCustomer({ origins: [ORIGIN], quota: 2 });
    const v = await stack.visitor(site.siteKey, ORIGIN);
    const { json } = await v.createConversation();
    expect((await v.ask(json.conversationId, 'one')).status).toBe(200);
    expect((await v.ask(json.conversationId, 'two')).status).toBe(200);
    const before = stack.emulator.requests.length;
    const third = await v.ask(json.conversationId, 'three');
    expect(third.status).toBe(429);
    expect(third.json.error.code).toBe('quota_exceeded');
    const retryAfter = Number(third.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(86_400);
    expect(stack.emulator.requests.length).toBe(before);

    // Raising the quota takes effect at once.
    await stack.admin('PATCH', `/tenants/${tenant.id}`, { quotas: { messagesPerDay: 3 } });
    expect((await v.ask(json.conversationId, 'three')).status).toBe(200);
    const usage = await stack.admin('GET', `/tenants/${tenant.id}/usage`);
    expect(usage.json.totals.messages).toBe(3);
  });

  it('a quota of 0 stops every message', async () => {
    const { site } = await stack.seedCustomer({ origins: [ORIGIN], quota: 0 });
    const v = await stack.visitor(site.siteKey, ORIGIN);
    const { json } = await v.createConversation();
    expect((await v.ask(json.conversationId, 'hi')).status).toBe(429);
  });
});

describe('GET /widget.js', () => {
  it('says clearly when the widget has not been built', async () => {
    const res = await stack.fetch('/widget.js');
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('not_found');
  });

  it('serves the built file to any page, and picks up a rebuild', async () => {
    await writeFile(widgetPath, 'console.log("v1")');
    const res = await stack.fetch('/widget.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.text).toBe('console.log("v1")');
    await new Promise((r) => setTimeout(r, 20));
    await writeFile(widgetPath, 'console.log("v2")');
    expect((await stack.fetch('/widget.js')).text).toBe('console.log("v2")');
  });
});

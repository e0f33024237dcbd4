/**
 * Isolation between visitors and tenants, and hostile input. Ownership is the (id, site, visitor)
 * lookup in conversations/store.ts getOwned; ids are checked by their pattern in
 * conversations/conversation-service.ts; run-as headers are built only in upstream/client.ts. Each test asserts on
 * what the emulator received, which is how a missing check would show.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Wire } from '@tessera/protocol';
import { Stack, parseSse } from '../support/stack.js';

const ORIGIN = 'https://shop.example';
let stack: Stack;
let site: Wire.Site;
let otherTenantSite: Wire.Site;

beforeAll(async () => {
  stack = await Stack.start();
  ({ site } = await stack.seedCustomer({ origins: [ORIGIN] }));
  ({ site: otherTenantSite } = await stack.seedCustomer({ origins: [ORIGIN] }));
});
afterAll(async () => {
  expect(stack.findLeaks()).toEqual([]);
  await stack.close();
});

const upstreamCalls = () => stack.emulator.requests.length;

/**
 * A second handle to a conversation's upstream conversation (or to `upstreamId`), written straight
 * to the store, as another replica would have created it: this process's ownership cache has never
 * seen it, so lookups of it go to the database.
 */
async function storeOnlyCopy(conversationId: string, upstreamId?: string): Promise<string> {
  const id = `cv_${randomBytes(33)
    .toString('base64')
    .replace(/[^0-9A-Za-z]/g, '')
    .slice(0, 22)
    .padEnd(22, 'x')}`;
  await stack.db.query(
    `INSERT INTO conversations (id, site_id, tenant_id, visitor_id, upstream_id, created_at)
     SELECT $2, site_id, tenant_id, visitor_id, COALESCE($3, upstream_id), created_at FROM conversations WHERE id = $1`,
    [conversationId, id, upstreamId ?? null],
  );
  return id;
}

describe('conversation ownership', () => {
  // Check: conversation-owner-visitor-cached, conversation-list-owner (conversations/memory.ts ownership cache hit; visitor_id in conversations/store.ts listOwned).
  it("another visitor cannot read, list or continue a visitor's conversation", async () => {
    const alice = await stack.visitor(site.siteKey, ORIGIN);
    const bob = await stack.visitor(site.siteKey, ORIGIN);
    const { json } = await alice.createConversation();
    await alice.ask(json.conversationId, 'hello');

    const before = upstreamCalls();
    const read = await bob.history(json.conversationId);
    expect(read.status).toBe(404);
    expect(read.json.error.code).toBe('conversation_not_found');
    const write = await bob.ask(json.conversationId, 'let me in');
    expect(write.status).toBe(404);
    expect(upstreamCalls()).toBe(before); // no upstream call for a foreign handle
    expect((await bob.listConversations()).json.items).toEqual([]);
    expect((await alice.listConversations()).json.items).toHaveLength(1);
  });

  // Its visitor id differs, so the visitor check alone stops it: the site checks are caught by the shared-visitor-id tests below.
  it("a visitor of another tenant's site cannot reach the conversation through its own site", async () => {
    const alice = await stack.visitor(site.siteKey, ORIGIN);
    const mallory = await stack.visitor(otherTenantSite.siteKey, ORIGIN);
    const { json } = await alice.createConversation();
    const before = upstreamCalls();
    const res = await mallory.history(json.conversationId);
    expect(res.status).toBe(404);
    expect(upstreamCalls()).toBe(before);
  });

  /** A session token for `visitorId` on the other tenant's site, minted with the service's own issuer. */
  const tokenOnOtherSite = async (visitorId: string) => {
    const genuine = (await stack.visitor(otherTenantSite.siteKey, ORIGIN)).token;
    return stack.resign(genuine, (payload) => {
      payload.sub = visitorId;
    });
  };

  // Check: conversation-owner-site-cached (conversations/memory.ts: a cached conversation is still bound to its site).
  it("a visitor id valid on another site does not open this site's conversation", async () => {
    const alice = await stack.visitor(site.siteKey, ORIGIN);
    const { json } = await alice.createConversation();
    await alice.ask(json.conversationId, 'hello');
    // Visitor ids are random and bound to one site, so the API cannot produce this token: it is minted
    // with the service's own issuer to stand for a visitor id that is valid on two sites.
    const token = await tokenOnOtherSite(alice.visitorId);
    const headers = { origin: ORIGIN, authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const url = `/v1/sites/${otherTenantSite.siteKey}/conversations/${json.conversationId}/messages`;
    const before = upstreamCalls();
    const read = await stack.fetch(url, { headers });
    expect(read.status).toBe(404);
    expect(read.json.error.code).toBe('conversation_not_found');
    const write = await stack.fetch(url, { method: 'POST', headers, body: JSON.stringify({ text: 'let me in' }) });
    expect(write.status).toBe(404);
    expect(upstreamCalls()).toBe(before);
    // Control: the token itself is good on its own site.
    expect((await stack.fetch(`/v1/sites/${otherTenantSite.siteKey}/conversations`, { headers })).status).toBe(200);
  });

  // Check: conversation-owner-visitor, conversation-owner-site (conversations/store.ts getOwned, when the ownership cache has not seen the id).
  it('ownership holds for a conversation this process has not seen (as if created by another replica)', async () => {
    const alice = await stack.visitor(site.siteKey, ORIGIN);
    const bob = await stack.visitor(site.siteKey, ORIGIN);
    const { json } = await alice.createConversation();
    await alice.ask(json.conversationId, 'hello');
    const id = await storeOnlyCopy(json.conversationId); // every lookup below goes to the database
    // The same visitor id on another site, as in the test above.
    const token = await tokenOnOtherSite(alice.visitorId);
    const before = upstreamCalls();
    expect((await bob.history(id)).status).toBe(404);
    const elsewhere = await stack.fetch(`/v1/sites/${otherTenantSite.siteKey}/conversations/${id}/messages`, {
      headers: { origin: ORIGIN, authorization: `Bearer ${token}` },
    });
    expect(elsewhere.status).toBe(404);
    expect(upstreamCalls()).toBe(before);
    // Control: its owner reads it (from the database, the first time).
    expect((await alice.history(id)).status).toBe(200);
  });

  // Check: conversation-id-pattern (conversations/conversation-service.ts owned(); without it the NUL id reaches the query and answers 500).
  it('path-like and encoded ids never reach the upstream', async () => {
    const v = await stack.visitor(site.siteKey, ORIGIN);
    const before = upstreamCalls();
    const ids = [
      '..%2F..%2Fv1%2Fpartner%2Fuser%2Fcreate%3F',
      '%2e%2e',
      'cv_..%5C..%5Cadmin',
      'cv_AAAAAAAAAAAAAAAAAAAAAA%00',
      'cv_AAAAAAAAAAAAAAAAAAAAAA', // well-formed but unknown
      encodeURIComponent('cv_AAAAAAAAAAAAAAAAAAAAAA/../../x'),
    ];
    for (const id of ids) {
      const res = await stack.fetch(`/v1/sites/${site.siteKey}/conversations/${id}/messages`, { headers: v.headers() });
      expect([404]).toContain(res.status);
    }
    expect(upstreamCalls()).toBe(before);
  });

  // Check: upstream-id-segment (upstream/client.ts segment(): only a plain token goes into an upstream URL).
  it('an upstream id that is not a plain token never reaches an upstream URL', async () => {
    const v = await stack.visitor(site.siteKey, ORIGIN);
    const { json } = await v.createConversation();
    // Our records only hold ids the upstream gave us: store one that is poisoned, as a hostile or
    // corrupted upstream id would be. Node's URL parser would resolve this to another endpoint.
    const id = await storeOnlyCopy(json.conversationId, '../../v1/partner/user/create?');
    const before = upstreamCalls();
    const users = stack.users().length;
    const send = await v.ask(id, 'hello there');
    expect(send.status).toBe(502);
    expect(send.json.error.code).toBe('upstream_error');
    expect((await v.history(id)).status).toBe(502);
    expect(upstreamCalls()).toBe(before);
    expect(stack.users().length).toBe(users);
  });
});

describe('client-sent headers and fields are ignored', () => {
  // Client headers are never copied upstream; its victim is the site's own sub-account, so runas-server-side is caught by the next test.
  it('never forwards client run-as, authorization or forwarding headers', async () => {
    const v = await stack.visitor(site.siteKey, ORIGIN);
    const { json } = await v.createConversation();
    const victim = stack.users()[0]!.id;
    const res = await v.ask(json.conversationId, 'hi', {
      'x-runas-user-id': victim,
      'x-runas-userid': victim,
      'x-runas-child-user-email': 'victim@example.com',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-for': '1.2.3.4',
    });
    expect(res.status).toBe(200);
    const call = stack.emulator.requests.at(-1)!;
    expect(call.path).toMatch(/\/complete$/);
    const tenantUser = { id: stack.subAccountOf(site.tenantId) };
    expect(call.headers['x-runas-user-id']).toBe(tenantUser.id);
    expect(call.headers['x-runas-userid']).toBeUndefined();
    expect(call.headers['x-runas-child-user-email']).toBeUndefined();
    expect(call.headers['x-forwarded-host']).toBeUndefined();
    expect(call.headers['x-forwarded-for']).toBeUndefined();
    expect(call.headers['origin']).toBeUndefined();
    expect(call.headers['authorization']).toBe(`Bearer ${stack.emulator.partnerToken}`);
  });

  // Check: runas-server-side (the run-as id is the resolved site's, handed over by http/routes/visitor/conversations.ts visitorOf).
  it("a client-sent run-as header never selects another tenant's sub-account", async () => {
    const v = await stack.visitor(site.siteKey, ORIGIN);
    const { json } = await v.createConversation();
    const own = stack.subAccountOf(site.tenantId);
    const victim = stack.subAccountOf(otherTenantSite.tenantId);
    expect(victim).not.toBe(own);
    const res = await v.ask(json.conversationId, 'hi there', { 'x-runas-user-id': victim, 'x-runas-userid': victim });
    const call = stack.emulator.requests.at(-1)!;
    expect(call.path).toMatch(/\/complete$/);
    expect(call.headers['x-runas-user-id']).toBe(own);
    expect(call.headers['x-runas-userid']).toBeUndefined();
    expect(res.status).toBe(200);
  });

  // Check: strict-message-schema (SendMessageRequest is a strictObject).
  it.each(['botId', 'backstory', 'model', 'datasetId', 'skillsetId', 'functions', 'extensions'])(
    'rejects an extra %s field in a message',
    async (field) => {
      const v = await stack.visitor(site.siteKey, ORIGIN);
      const { json } = await v.createConversation();
      const before = upstreamCalls();
      const res = await stack.fetch(`/v1/sites/${site.siteKey}/conversations/${json.conversationId}/messages`, {
        method: 'POST',
        headers: v.headers(),
        body: JSON.stringify({ text: 'hi', [field]: 'x' }),
      });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('invalid_request');
      expect(upstreamCalls()).toBe(before);
    },
  );

  // Check: strict-conversation-schema (CreateConversationRequest is a strictObject).
  it('rejects __proto__ and fields on conversation create', async () => {
    const v = await stack.visitor(site.siteKey, ORIGIN);
    for (const body of ['{"__proto__":{"botId":"x"}}', '{"botId":"x"}', '{"constructor":{"prototype":{}}}']) {
      const res = await stack.fetch(`/v1/sites/${site.siteKey}/conversations`, { method: 'POST', headers: v.headers(), body });
      expect(res.status).toBe(400);
    }
  });

  // Check: text-control-chars, text-max-length (protocol/src/text.ts plainText).
  it('rejects control characters, empty and over-long text', async () => {
    const v = await stack.visitor(site.siteKey, ORIGIN);
    const { json } = await v.createConversation();
    const before = upstreamCalls();
    for (const text of ['a\u0000b', 'line\r\nX-Injected: 1\u0007', '   ', 'x'.repeat(4001), '\ud800']) {
      const res = await v.ask(json.conversationId, text);
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('invalid_request');
    }
    expect(upstreamCalls()).toBe(before);
    // Newlines and non-Latin text are fine.
    const ok = await v.ask(json.conversationId, 'Grüße 👋\nمرحبا');
    expect(ok.status).toBe(200);
    expect(stack.emulator.requests.at(-1)!.body).toEqual({ text: 'Grüße 👋\nمرحبا' });
  });

  // Check: body-size-streamed, content-type (platform/read-capped.ts readCappedText on chunked bodies; http/json-body.ts readJson's media-type check).
  it('refuses oversized, mislabelled and malformed bodies with stable codes', async () => {
    const v = await stack.visitor(site.siteKey, ORIGIN);
    const { json } = await v.createConversation();
    const url = `/v1/sites/${site.siteKey}/conversations/${json.conversationId}/messages`;
    const big = await stack.fetch(url, {
      method: 'POST',
      headers: v.headers(),
      body: JSON.stringify({ text: 'x'.repeat(40_000) }),
    });
    expect(big.status).toBe(413);
    expect(big.json.error.code).toBe('payload_too_large');
    // Chunked (no Content-Length): the limit still holds while reading.
    const chunks = new ReadableStream({
      start(c) {
        for (let i = 0; i < 50; i++) c.enqueue(new TextEncoder().encode('x'.repeat(1024)));
        c.close();
      },
    });
    const chunked = await stack.fetch(url, { method: 'POST', headers: v.headers(), body: chunks, duplex: 'half' } as RequestInit);
    expect(chunked.status).toBe(413);
    const mislabelled = await stack.fetch(url, {
      method: 'POST',
      headers: v.headers({ 'content-type': 'text/plain' }),
      body: '{"text":"hi"}',
    });
    expect(mislabelled.status).toBe(415);
    expect(mislabelled.json.error.code).toBe('unsupported_media_type');
    const malformed = await stack.fetch(url, { method: 'POST', headers: v.headers(), body: '{"text":' });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.code).toBe('invalid_json');
    for (const r of [big, chunked, mislabelled, malformed]) expect(r.text).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('the relay answer is well-formed', () => {
  it('carries multi-byte characters intact', async () => {
    const v = await stack.visitor(site.siteKey, ORIGIN);
    const { json } = await v.createConversation();
    const res = await v.ask(json.conversationId, 'echo: Grüße 👋 — naïve café 日本語');
    const events = parseSse(res.text);
    expect(events.at(-1)!.event).toBe('done');
    expect(events.at(-1)!.data.text).toContain('Grüße 👋 — naïve café 日本語');
  });
});

/**
 * The customer's own space over HTTP against the real service, store and emulator: the
 * conversations inbox (filters, keyset paging), transcripts read as the sub-account, delete and
 * export (CSV with formula cells defused), the installation check, widget and bot settings, a site's
 * identity keys, roles and isolation (another customer's conversation or site is 404, nothing done).
 */
import type { Wire } from '@tessera/protocol';
import type { PortalPerson } from '@tessera/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSse, Stack } from '../support/stack.js';

const ORIGIN = 'https://shop.example';
/** An Ed25519 public key (SPKI PEM), for identity key requests. */
const ED25519 =
  '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEASymHlGyFlt2L+X3Hc5yaVD/Gnua0ZsLTdjKh7rPEYiE=\n-----END PUBLIC KEY-----\n';
let stack: Stack;
let velo: Wire.Onboarding;
let dental: Wire.Onboarding;

beforeAll(async () => {
  stack = await Stack.start();
  velo = await stack.seedCustomer({ name: 'Velo Bikes', origins: [ORIGIN] });
  dental = await stack.seedCustomer({ name: 'Bright Smile Dental', origins: [ORIGIN] });
});
afterAll(async () => {
  expect(stack.findLeaks()).toEqual([]);
  await stack.close();
});

async function member(tenantId: string, role: Wire.Role): Promise<PortalPerson> {
  const email = `${role}-${Math.random().toString(36).slice(2, 8)}@customer.example`;
  const invite = await stack.admin('POST', `/tenants/${tenantId}/members`, { email, role });
  const person = stack.person();
  expect((await person.useLink(invite.json.inviteUrl)).used.status).toBe(303);
  return person;
}

/** A visitor's conversation on a site: one question, one streamed answer. */
async function conversation(site: Wire.Site, question: string) {
  const v = await stack.visitor(site.siteKey, ORIGIN);
  const { json } = await v.createConversation();
  await v.ask(json.conversationId, question);
  return json.conversationId as string;
}

describe('the inbox', () => {
  it('lists a conversation a visitor just had: first question, messages, outcome; and its transcript', async () => {
    const id = await conversation(velo.site, 'When are you open on Saturdays?');
    const viewer = await member(velo.tenant.id, 'viewer');
    const page = await viewer.call('GET', `tenants/${velo.tenant.id}/conversations`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const item = page.json.items.find((c: Wire.InboxItem) => c.id === id);
    expect(item).toMatchObject({
      siteId: velo.site.id,
      siteName: velo.site.name,
      firstQuestion: 'When are you open on Saturdays?',
      messages: 2,
      outcome: 'answered',
    });
    const transcript = await viewer.call('GET', `tenants/${velo.tenant.id}/conversations/${id}`);
    expect(transcript.json.items.map((m: Wire.TranscriptMessage) => m.role)).toEqual(['user', 'bot']);
    expect(transcript.json.items[0].text).toBe('When are you open on Saturdays?');
    // The partner's tooling reads the same through the admin API.
    const admin = await stack.admin('GET', `/tenants/${velo.tenant.id}/conversations/${id}/messages`);
    expect(admin.json.items).toEqual(transcript.json.items);
    expect((await stack.admin('GET', `/tenants/${velo.tenant.id}/conversations?limit=5`)).json.items.length).toBeGreaterThan(0);
  });

  // Check: inbox-tenant-scope (conversations/store.ts ofTenant).
  it("another customer's conversation is 404, with no call to ChatBotKit; so is another customer's inbox", async () => {
    const theirs = await conversation(dental.site, 'Do you whiten teeth?');
    const viewer = await member(velo.tenant.id, 'owner');
    const before = stack.emulator.requests.length;
    for (const path of [
      `tenants/${velo.tenant.id}/conversations/${theirs}`,
      `tenants/${dental.tenant.id}/conversations/${theirs}`,
    ]) {
      expect((await viewer.call('GET', path)).status, path).toBe(404);
      expect((await viewer.call('DELETE', path)).status, path).toBe(404);
    }
    expect((await viewer.call('GET', `tenants/${dental.tenant.id}/conversations`)).status).toBe(404);
    expect((await stack.admin('GET', `/tenants/${velo.tenant.id}/conversations/${theirs}/messages`)).status).toBe(404);
    expect(stack.emulator.requests.length).toBe(before);
  });

  it('pages with a cursor (newest first, no row twice), and filters by outcome, site and text', async () => {
    const shop = await stack.seedCustomer({ name: 'Paging Shop', origins: [ORIGIN] });
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push(await conversation(shop.site, `Question number ${i}`));
    const owner = await member(shop.tenant.id, 'owner');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await owner.call('GET', `tenants/${shop.tenant.id}/conversations?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.json.items.map((c: Wire.InboxItem) => c.id));
      cursor = res.json.next;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    const found = await owner.call('GET', `tenants/${shop.tenant.id}/conversations?q=number%204`);
    expect(found.json.items.map((c: Wire.InboxItem) => c.id)).toEqual([ids[4]]);
    expect((await owner.call('GET', `tenants/${shop.tenant.id}/conversations?outcome=error`)).json.items).toEqual([]);
    expect(
      (await owner.call('GET', `tenants/${shop.tenant.id}/conversations?siteId=${shop.site.id}&limit=100`)).json.items,
    ).toHaveLength(7);
    for (const bad of ['cursor=abc', 'outcome=great', 'from=yesterday', 'limit=0', 'q=%00']) {
      const res = await owner.call('GET', `tenants/${shop.tenant.id}/conversations?${bad}`);
      expect([res.status, res.json.error.code], bad).toEqual([400, 'invalid_request']);
    }
  });

  it('an editor deletes a conversation (at ChatBotKit too); a viewer cannot', async () => {
    const id = await conversation(velo.site, 'Please forget this conversation');
    const viewer = await member(velo.tenant.id, 'viewer');
    expect((await viewer.call('DELETE', `tenants/${velo.tenant.id}/conversations/${id}`)).status).toBe(403);
    const editor = await member(velo.tenant.id, 'editor');
    const upstreamBefore = stack.emulator.state.conversations.size;
    expect((await editor.call('DELETE', `tenants/${velo.tenant.id}/conversations/${id}`)).status).toBe(204);
    expect(stack.emulator.state.conversations.size).toBe(upstreamBefore - 1);
    expect((await editor.call('GET', `tenants/${velo.tenant.id}/conversations/${id}`)).status).toBe(404);
  });

  it('exports a date range as CSV (formula-like cells defused) and as JSON', async () => {
    const shop = await stack.seedCustomer({ name: 'Export Shop', origins: [ORIGIN] });
    await conversation(shop.site, '=HYPERLINK("https://evil.example","click me")');
    await conversation(shop.site, 'A plain "quoted" question, with a comma');
    const owner = await member(shop.tenant.id, 'viewer');
    const today = new Date().toISOString().slice(0, 10);
    const csv = await owner.call('GET', `tenants/${shop.tenant.id}/exports/conversations?from=${today}&to=${today}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="conversations-.*\.csv"$/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(csv.text).toContain(`"'=HYPERLINK(""https://evil.example"",""click me"")"`);
    expect(csv.text).not.toMatch(/(^|,)"=HYPERLINK/m);
    expect(csv.text).toContain('"A plain ""quoted"" question, with a comma"');
    const json = await owner.call('GET', `tenants/${shop.tenant.id}/exports/conversations?from=${today}&to=${today}&format=json`);
    expect(json.json.items).toHaveLength(2);
    const backwards = await owner.call('GET', `tenants/${shop.tenant.id}/exports/conversations?from=${today}&to=2020-01-01`);
    expect([backwards.status, backwards.json.error.issues[0].path]).toEqual([400, 'to']);
  });
});

describe('the installation check and widget settings', () => {
  it('records where the widget was loaded from, allowed or refused; one click allows a refused one', async () => {
    const shop = await stack.seedCustomer({ name: 'Install Shop', origins: [ORIGIN] });
    const config = (origin: string) => stack.fetch(`/v1/sites/${shop.site.siteKey}/config`, { headers: { origin } });
    expect((await config(ORIGIN)).status).toBe(200);
    expect((await config(ORIGIN)).status).toBe(200);
    expect((await config('https://www.shop.example')).status).toBe(403);
    const editor = await member(shop.tenant.id, 'editor');
    const status = await editor.call('GET', `tenants/${shop.tenant.id}/sites/${shop.site.id}/install`);
    expect(status.json).toMatchObject({ siteKey: shop.site.siteKey, allowedOrigins: [ORIGIN] });
    expect(status.json.embedSnippet).toContain(shop.site.siteKey);
    const byOrigin = Object.fromEntries(status.json.origins.map((o: Wire.SeenOrigin) => [o.origin, o]));
    expect(byOrigin[ORIGIN]).toMatchObject({ allowed: true, loads: 2 });
    expect(byOrigin['https://www.shop.example']).toMatchObject({ allowed: false, loads: 1 });

    const allow = await editor.call('PATCH', `tenants/${shop.tenant.id}/sites/${shop.site.id}`, {
      allowedOrigins: [...status.json.allowedOrigins, 'https://www.shop.example'],
    });
    expect(allow.status).toBe(200);
    expect((await stack.session(shop.site.siteKey, 'https://www.shop.example')).status).toBe(201);
  });

  // Check: site-tenant-scope (sites/site-service.ts loadOfTenant).
  it("a widget change is a merge patch: the theme keeps what is not sent; a viewer cannot save; status and bot are not the customer's", async () => {
    const shop = await stack.seedCustomer({
      name: 'Theme Shop',
      origins: [ORIGIN],
      site: { theme: { accentColor: '#0f766e', radius: 12 } },
    });
    const editor = await member(shop.tenant.id, 'editor');
    const path = `tenants/${shop.tenant.id}/sites/${shop.site.id}`;
    const saved = await editor.call('PATCH', path, { greeting: 'Ahoy!', theme: { radius: 4 } });
    expect(saved.json).toMatchObject({ greeting: 'Ahoy!', theme: { accentColor: '#0f766e', radius: 4 } });
    expect((await stack.fetch(`/v1/sites/${shop.site.siteKey}/config`, { headers: { origin: ORIGIN } })).json.greeting).toBe(
      'Ahoy!',
    );
    const refused = await editor.call('PATCH', path, { status: 'suspended' });
    expect([refused.status, refused.json.error.code]).toEqual([400, 'invalid_request']);
    const bad = await editor.call('PATCH', path, { allowedOrigins: [ORIGIN, 'not an origin'] });
    expect(bad.json.error.issues[0].path).toBe('allowedOrigins.1');
    const viewer = await member(shop.tenant.id, 'viewer');
    expect((await viewer.call('GET', path)).status).toBe(200);
    expect((await viewer.call('PATCH', path, { greeting: 'Mine' })).status).toBe(403);
    // Another customer's site under this customer's path: not found.
    expect((await editor.call('GET', `tenants/${shop.tenant.id}/sites/${velo.site.id}`)).status).toBe(404);
    expect((await editor.call('PATCH', `tenants/${shop.tenant.id}/sites/${velo.site.id}`, { greeting: 'x' })).status).toBe(404);
  });

  it("an editor changes the bot's backstory; another customer's bot is not found", async () => {
    const editor = await member(velo.tenant.id, 'editor');
    const res = await editor.call('PATCH', `tenants/${velo.tenant.id}/bots/${velo.bot.id}`, { backstory: 'You help cyclists.' });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ id: velo.bot.id, backstory: 'You help cyclists.' });
    const theirs = await editor.call('PATCH', `tenants/${velo.tenant.id}/bots/${dental.bot.id}`, { name: 'Mine' });
    expect([theirs.status, theirs.json.error.code]).toEqual([404, 'bot_not_found']);
  });

  it('usage for the home screen', async () => {
    const viewer = await member(velo.tenant.id, 'viewer');
    const res = await viewer.call('GET', `tenants/${velo.tenant.id}/usage`);
    expect(res.json.totals.messages).toBeGreaterThan(0);
  });
});

// Check: feedback-bot-answers-only (conversations/conversation-service.ts ConversationService.rate).
describe("visitors' ratings of answers", () => {
  it('a visitor rates an answer in their own conversation; a second rating replaces the first; the customer sees it', async () => {
    const shop = await stack.seedCustomer({ name: 'Rated Shop', origins: [ORIGIN] });
    const v = await stack.visitor(shop.site.siteKey, ORIGIN);
    const { json } = await v.createConversation();
    const answer = await v.ask(json.conversationId, 'When are you open?');
    const done = parseSse(answer.text).find((e) => e.event === 'done')!.data as { messageId: string };
    const rate = (body: unknown, who = v, conversationId = json.conversationId, messageId = done.messageId) =>
      stack.fetch(`/v1/sites/${shop.site.siteKey}/conversations/${conversationId}/messages/${messageId}/feedback`, {
        method: 'POST',
        headers: who.headers(),
        body: JSON.stringify(body),
      });

    const up = await rate({ rating: 'up' });
    expect([up.status, up.json.rating, up.json.comment]).toEqual([200, 'up', null]);
    expect(stack.emulator.state.messages.get(done.messageId)?.vote).toBe(100);
    const down = await rate({ rating: 'down', comment: 'It did not say Saturdays' });
    expect(down.json).toMatchObject({ rating: 'down', comment: 'It did not say Saturdays' });
    expect(stack.emulator.state.messages.get(done.messageId)?.vote).toBe(-100);

    // Not the visitor's conversation, not an answer, not a message: refused, nothing stored.
    const stranger = await stack.visitor(shop.site.siteKey, ORIGIN);
    expect((await rate({ rating: 'up' }, stranger)).json.error.code).toBe('conversation_not_found');
    const history = await v.history(json.conversationId);
    const question = history.json.items.find((m: { role: string }) => m.role === 'user').id;
    expect((await rate({ rating: 'up' }, v, json.conversationId, question)).json.error.code).toBe('message_not_found');
    expect((await rate({ rating: 'up' }, v, json.conversationId, 'no-such-message')).json.error.code).toBe('message_not_found');
    expect((await rate({ rating: 'meh' })).json.error.code).toBe('invalid_request');
    expect((await rate({ rating: 'down', comment: 'x'.repeat(501) })).json.error.issues[0].path).toBe('comment');

    const owner = await member(shop.tenant.id, 'viewer');
    const transcript = await owner.call('GET', `tenants/${shop.tenant.id}/conversations/${json.conversationId}`);
    const rated = transcript.json.items.find((m: Wire.TranscriptMessage) => m.id === done.messageId);
    expect(rated.feedback).toMatchObject({ rating: 'down', comment: 'It did not say Saturdays' });
    expect(transcript.json.conversation.ratedDown).toBe(true);
    const downs = await owner.call('GET', `tenants/${shop.tenant.id}/conversations?outcome=rated_down`);
    expect(downs.json.items.map((c: Wire.InboxItem) => c.id)).toEqual([json.conversationId]);
    // Back to up: no longer rated down.
    await rate({ rating: 'up' });
    expect((await owner.call('GET', `tenants/${shop.tenant.id}/conversations?outcome=rated_down`)).json.items).toEqual([]);

    // Counted in usage: one answer completed, its rating counted once whatever its changes.
    const usage = await owner.call('GET', `tenants/${shop.tenant.id}/usage?siteId=${shop.site.id}`);
    expect(usage.json.totals).toMatchObject({ answersCompleted: 1, answersFailed: 0, thumbsUp: 1, thumbsDown: 0 });
    expect(usage.json.sites).toEqual([{ siteId: shop.site.id, name: shop.site.name, totals: usage.json.totals }]);
  });

  // Check: usage-site-of-tenant (usage/usage-service.ts UsageService.report).
  it("usage names only the customer's own sites: another customer's site is 404", async () => {
    const viewer = await member(velo.tenant.id, 'viewer');
    const mine = await viewer.call('GET', `tenants/${velo.tenant.id}/usage?siteId=${velo.site.id}`);
    expect([mine.status, mine.json.siteId]).toEqual([200, velo.site.id]);
    const theirs = await viewer.call('GET', `tenants/${velo.tenant.id}/usage?siteId=${dental.site.id}`);
    expect([theirs.status, theirs.json.error.code]).toEqual([404, 'site_not_found']);
    expect(theirs.text).not.toContain(dental.site.name);
  });
});

describe("a site's identity keys (signed-in visitors)", () => {
  it('an owner creates a secret (201, not cached), lists it (never the secret), and removes it; audited by field name only', async () => {
    const owner = await member(velo.tenant.id, 'owner');
    const keys = `tenants/${velo.tenant.id}/sites/${velo.site.id}/identity-keys`;
    const made = await owner.call('POST', `tenants/${velo.tenant.id}/sites/${velo.site.id}/identity-secret`, {
      graceSeconds: 3600,
    });
    expect([made.status, made.headers.get('cache-control'), made.json.alg]).toEqual([201, 'no-store', 'HS256']);
    stack.portalSecrets.push(made.json.secret);
    const viewer = await member(velo.tenant.id, 'viewer');
    const listed = await viewer.call('GET', keys);
    expect(listed.json.items).toEqual([
      { kid: made.json.kid, kind: 'secret', alg: 'HS256', createdAt: made.json.createdAt, retiresAt: null },
    ]);
    expect(listed.text).not.toContain(made.json.secret);

    const audit = await stack.admin('GET', '/audit?action=portalCreateIdentitySecret&limit=1');
    expect(audit.json.items[0]).toMatchObject({ targetType: 'site', targetId: velo.site.id, tenantId: velo.tenant.id });
    expect(audit.json.items[0].details.fields).toEqual(['graceSeconds']);
    expect(audit.text).not.toContain(made.json.secret);

    expect((await owner.call('DELETE', `${keys}/${made.json.kid}`)).status).toBe(204);
    expect((await owner.call('DELETE', `${keys}/${made.json.kid}`)).status).toBe(404);
    expect((await viewer.call('GET', keys)).json.items).toEqual([]);
  });

  it('editors and viewers cannot make a secret or add a key: 403, nothing made', async () => {
    for (const role of ['editor', 'viewer'] as const) {
      const who = await member(velo.tenant.id, role);
      const res = await who.call('POST', `tenants/${velo.tenant.id}/sites/${velo.site.id}/identity-secret`, {});
      expect([res.status, res.json.error.code], role).toEqual([403, 'forbidden']);
    }
    expect((await stack.admin('GET', `/sites/${velo.site.id}/identity-keys`)).json.items).toEqual([]);
  });

  // Check: site-tenant-scope (sites/site-service.ts loadOfTenant, which customer-space.ts siteOf calls before any identity call).
  it("another customer's site is 404 on every identity route, and their keys are untouched", async () => {
    const theirs = await stack.admin('POST', `/sites/${dental.site.id}/identity-secret`, {});
    stack.portalSecrets.push(theirs.json.secret);
    const owner = await member(velo.tenant.id, 'owner');
    for (const tenant of [velo.tenant.id, dental.tenant.id]) {
      const base = `tenants/${tenant}/sites/${dental.site.id}`;
      for (const [method, path, body] of [
        ['POST', `${base}/identity-secret`, {}],
        ['POST', `${base}/identity-keys`, { alg: 'EdDSA', publicKey: ED25519 }],
        ['GET', `${base}/identity-keys`, undefined],
        ['DELETE', `${base}/identity-keys/${theirs.json.kid}`, undefined],
      ] as const) {
        expect((await owner.call(method, path, body)).status, `${method} ${path}`).toBe(404);
      }
    }
    const after = await stack.admin('GET', `/sites/${dental.site.id}/identity-keys`);
    expect(after.json.items.map((k: Wire.IdentityKey) => [k.kid, k.retiresAt])).toEqual([[theirs.json.kid, null]]);
  });

  it('the widget settings take identityRequired and identityAdopt (editor), and the widget config shows identityRequired', async () => {
    const editor = await member(velo.tenant.id, 'editor');
    const site = `tenants/${velo.tenant.id}/sites/${velo.site.id}`;
    const changed = await editor.call('PATCH', site, { identityRequired: true, identityAdopt: false });
    expect([changed.status, changed.json.identityRequired, changed.json.identityAdopt]).toEqual([200, true, false]);
    expect((await stack.fetch(`/v1/sites/${velo.site.siteKey}/config`)).json.identityRequired).toBe(true);
    const back = await editor.call('PATCH', site, { identityRequired: false, identityAdopt: true });
    expect([back.json.identityRequired, back.json.identityAdopt]).toEqual([false, true]);
  });
});

/**
 * A signed-in visitor's conversations and their ChatBotKit contact, with the real upstream client
 * against the emulator on loopback (the store and the identity records are in memory): the contact
 * is ensured once by `tessera:<siteId>:<subject>`, kept current, passed to conversation/create, and
 * a failing contact call never keeps the visitor from chatting nor puts the user in a log line.
 * And an answer's life: it runs to its end with nobody reading, holding its stream slot until
 * then, and Stop aborts the upstream at once.
 */
import { type RunningEmulator, startEmulator } from '@tessera/cbk-emulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AnswerLog } from '../answers/answer-log.js';
import { samples } from '../http/testing/samples.js';
import type { VisitorIdentity } from '../identity/store.js';
import { createLogger } from '../platform/logger.js';
import { createMetrics } from '../platform/metrics.js';
import type { ResolvedSite } from '../sites/site-service.js';
import { UpstreamClient } from '../upstream/client.js';
import { ConversationService, type ConversationServiceDeps } from './conversation-service.js';
import type { ConversationRecord } from './store.js';

let running: RunningEmulator;
let upstream: UpstreamClient;
let site: ResolvedSite;

const USER = { subject: 'user-8472', name: 'Ada Lovelace', email: 'ada@shop.example' };

beforeAll(async () => {
  running = await startEmulator({ port: 0 });
  upstream = new UpstreamClient({ apiUrl: running.url, token: running.emulator.partnerToken, firstByteTimeoutMs: 5_000 });
  const { id: account } = await upstream.createUser({ name: 'Tenant' });
  const { id: botId } = await upstream.createBot(account, { name: 'Tessa' });
  site = samples.resolvedSite({ upstreamUserId: account, botId });
});
afterAll(async () => {
  await running.close();
});

/** The service with in-memory records of who is signed in, and the log lines it wrote. */
function world() {
  const identities = new Map<string, VisitorIdentity>();
  const inserted: ConversationRecord[] = [];
  const contactIdsSet: Array<[string, string]> = [];
  const lines: string[] = [];
  /** Stream slots that count what is held. */
  const slots = {
    open: 0,
    acquire: async () => {
      slots.open++;
      let held = true;
      return () => {
        if (held) slots.open--;
        held = false;
      };
    },
  };
  const deps: ConversationServiceDeps = {
    store: {
      insert: async (r: ConversationRecord) => void inserted.push(r),
      getOwned: async () => null,
      touch: async () => {},
    } as unknown as ConversationServiceDeps['store'],
    upstream,
    usage: { count: () => {}, takeMessage: async () => {}, rated: () => {} } as unknown as ConversationServiceDeps['usage'],
    streams: slots,
    answers: new AnswerLog({ retentionMs: 60_000, maxReaders: 8, shared: null }),
    clock: { now: () => Date.now() },
    timeouts: { idleMs: 5000, totalMs: 10_000 },
    lifecycle: { onShutdown: () => () => {} } as unknown as ConversationServiceDeps['lifecycle'],
    breaker: { failure: () => {} },
    metrics: createMetrics({ defaultMetrics: false }),
    logger: createLogger('info', { write: (line: string) => void lines.push(line) }),
    identity: {
      identityOf: async (visitorId) => {
        const found = identities.get(visitorId);
        return found ? { ...found } : null;
      },
      setContactId: async (visitorId, contactId) => {
        contactIdsSet.push([visitorId, contactId]);
        const found = identities.get(visitorId);
        if (found) found.contactId = contactId;
      },
    },
  };
  const service = new ConversationService(deps);
  const signIn = (visitorId: string, user: Partial<VisitorIdentity> = {}) =>
    identities.set(visitorId, { siteId: site.id, ...USER, contactId: null, ...user });
  return { service, identities, inserted, contactIdsSet, lines, signIn, slots };
}

let w: ReturnType<typeof world>;
beforeEach(() => {
  w = world();
  running.emulator.faults.clear();
  running.emulator.requests.length = 0;
});
afterEach(async () => {
  await w.service.close();
});

const contactCalls = () => running.emulator.requests.filter((r) => r.path.includes('/contact/'));
const upstreamConversation = (record: ConversationRecord | undefined) =>
  running.emulator.state.conversations.get(record?.upstreamId ?? '');

describe('conversations of a signed-in visitor', () => {
  it('makes no contact for an anonymous visitor', async () => {
    await w.service.create({ site, visitorId: 'vi_anonymous' });
    expect(contactCalls()).toEqual([]);
    expect(upstreamConversation(w.inserted[0])?.contactId).toBeNull();
  });

  it('ensures the contact once, remembers it, and ties every conversation to it', async () => {
    const visitorId = `vi_${Math.random().toString(36).slice(2)}`;
    w.signIn(visitorId);
    await w.service.create({ site, visitorId });
    const [ensure] = contactCalls();
    expect(ensure).toMatchObject({
      path: '/v1/contact/ensure',
      headers: { 'x-runas-user-id': site.upstreamUserId },
      body: { fingerprint: `tessera:${site.id}:${USER.subject}`, name: USER.name, email: USER.email },
    });
    const contactId = upstreamConversation(w.inserted[0])?.contactId;
    expect(contactId).toBeTruthy();
    expect(w.contactIdsSet).toEqual([[visitorId, contactId]]);
    expect(running.emulator.state.contacts.get(contactId ?? '')).toMatchObject({ name: USER.name, email: USER.email });

    await w.service.create({ site, visitorId });
    // Known contact, same details: no contact call at all the second time.
    expect(contactCalls()).toHaveLength(1);
    expect(upstreamConversation(w.inserted[1])?.contactId).toBe(contactId);
  });

  it("updates the contact when the user's name or email changed", async () => {
    const visitorId = `vi_${Math.random().toString(36).slice(2)}`;
    w.signIn(visitorId);
    await w.service.create({ site, visitorId });
    const contactId = w.identities.get(visitorId)?.contactId ?? '';
    w.identities.get(visitorId)!.name = 'Ada King';
    w.identities.get(visitorId)!.email = 'countess@shop.example';
    await w.service.create({ site, visitorId });
    expect(contactCalls().map((r) => r.path)).toEqual(['/v1/contact/ensure', `/v1/contact/${contactId}/update`]);
    expect(running.emulator.state.contacts.get(contactId)).toMatchObject({ name: 'Ada King', email: 'countess@shop.example' });
    expect(upstreamConversation(w.inserted[1])?.contactId).toBe(contactId);
  });

  it('still creates the conversation when ChatBotKit fails the contact, and logs no personal data', async () => {
    const visitorId = `vi_${Math.random().toString(36).slice(2)}`;
    w.signIn(visitorId);
    running.emulator.faults.add({ fault: { kind: 'status', status: 500 }, path: '/contact/ensure$' });
    const created = await w.service.create({ site, visitorId });
    expect(created.conversationId).toMatch(/^cv_/);
    expect(upstreamConversation(w.inserted[0])?.contactId).toBeNull();
    expect(w.contactIdsSet).toEqual([]);
    const warning = w.lines.find((l) => l.includes('contact not ensured'));
    expect(warning).toBeTruthy();
    expect(JSON.parse(warning ?? '{}')).toMatchObject({ level: 40, siteId: site.id, failure: 'error 500' });
    for (const secret of [USER.subject, USER.name, USER.email]) {
      expect(w.lines.filter((l) => l.includes(secret))).toEqual([]);
    }
  });

  it('makes the contact anew when ChatBotKit no longer has the one remembered', async () => {
    const visitorId = `vi_${Math.random().toString(36).slice(2)}`;
    w.signIn(visitorId, { contactId: 'cgone000000000000000000000' });
    await w.service.create({ site, visitorId });
    expect(contactCalls().map((r) => r.path)).toEqual(['/v1/contact/cgone000000000000000000000/update', '/v1/contact/ensure']);
    const contactId = w.identities.get(visitorId)?.contactId;
    expect(contactId).not.toBe('cgone000000000000000000000');
    expect(upstreamConversation(w.inserted[0])?.contactId).toBe(contactId);
  });

  it('creates the conversation without the contact when ChatBotKit refuses it', async () => {
    const visitorId = `vi_${Math.random().toString(36).slice(2)}`;
    w.signIn(visitorId);
    await w.service.create({ site, visitorId });
    const contactId = w.identities.get(visitorId)?.contactId ?? '';
    // Deleted behind our back while the details are unchanged (no update call to notice it).
    const deleted = await fetch(`${running.url}/v1/contact/${contactId}/delete`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${running.emulator.partnerToken}`,
        'x-runas-user-id': site.upstreamUserId,
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(deleted.status).toBe(200);
    const created = await w.service.create({ site, visitorId });
    expect(created.conversationId).toMatch(/^cv_/);
    expect(upstreamConversation(w.inserted[1])?.contactId).toBeNull();
    expect(w.lines.some((l) => l.includes('contact refused'))).toBe(true);
  });

  it("ignores an identity record of another site (a visitor id is one site's)", async () => {
    const visitorId = `vi_${Math.random().toString(36).slice(2)}`;
    w.signIn(visitorId, { siteId: 'st_another' });
    await w.service.create({ site, visitorId });
    expect(contactCalls()).toEqual([]);
  });
});

/** Wait for `done()` to hold (the emulator streams in real time). */
async function until(done: () => boolean) {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(done()).toBe(true);
}

describe('answers', () => {
  const lastCompletion = () => running.emulator.completions.at(-1);

  it('runs to its end with nobody reading, holding the stream slot until then', async () => {
    running.emulator.faults.add({ fault: { kind: 'slow-tokens', delayMs: 10 }, path: '/complete$' });
    const visitor = { site, visitorId: 'vi_nobody_reads' };
    const { conversationId } = await w.service.create(visitor);
    const entry = await w.service.startAnswer(visitor, conversationId, 'Do you repair e-bikes?', () => () => {});
    expect([entry.readerCount, w.slots.open]).toEqual([0, 1]);
    await until(() => entry.ended !== null);
    const answered = [...running.emulator.state.messages.values()].filter((m) => m.type === 'bot').at(-1);
    expect([entry.ended?.event, entry.text(), lastCompletion()?.outcome, w.slots.open]).toEqual([
      'done',
      answered?.text,
      'completed',
      0,
    ]);
    expect(await w.service.openAnswer(visitor, conversationId, entry.id)).toBe(entry);
  });

  it('Stop aborts the upstream at once, ends the answer with answer_stopped and gives the slot back', async () => {
    running.emulator.faults.add({ fault: { kind: 'slow-tokens', delayMs: 50 }, path: '/complete$' });
    const visitor = { site, visitorId: 'vi_stops' };
    const { conversationId } = await w.service.create(visitor);
    const entry = await w.service.startAnswer(visitor, conversationId, 'Tell me everything.', () => () => {});
    await until(() => entry.length > 0);
    await w.service.stopAnswer(visitor, conversationId, entry.id);
    expect([entry.ended?.event, entry.ended?.data, w.slots.open]).toEqual([
      'error',
      expect.objectContaining({ code: 'answer_stopped' }),
      0,
    ]);
    await until(() => lastCompletion()?.outcome !== 'running');
    expect(lastCompletion()?.outcome).toBe('client-closed');
  });

  it("another visitor's answer is not theirs to read or stop", async () => {
    const owner = { site, visitorId: 'vi_owner' };
    const stranger = { site, visitorId: 'vi_stranger' };
    const { conversationId } = await w.service.create(owner);
    const { conversationId: strangers } = await w.service.create(stranger);
    const entry = await w.service.startAnswer(owner, conversationId, 'Hello?', () => () => {});
    const refused = (p: Promise<unknown>, code: string) => expect(p).rejects.toMatchObject({ code });
    await refused(w.service.openAnswer(stranger, conversationId, entry.id), 'conversation_not_found');
    await refused(w.service.stopAnswer(stranger, conversationId, entry.id), 'conversation_not_found');
    await refused(w.service.openAnswer(stranger, strangers, entry.id), 'answer_not_found');
    await refused(w.service.stopAnswer(stranger, strangers, entry.id), 'answer_not_found');
    expect(entry.ended?.event ?? 'running').not.toBe('error');
  });
});

/**
 * Every limit answers 429 with Retry-After, RateLimit headers and the envelope, and recovers after
 * its window (windows are shrunk 30x here: a minute lasts 2 s). Each test names its limit in
 * limits/index.ts and the middleware that applies it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Stack } from '../support/stack.js';

const ORIGIN = 'https://shop.example';
let stack: Stack;

beforeAll(async () => {
  stack = await Stack.start({
    limitWindowScale: 1 / 30,
    env: {
      RATE_SESSIONS_PER_IP_PER_MINUTE: '100000',
      RATE_SESSIONS_PER_SITE_PER_MINUTE: '3',
      RATE_MESSAGES_PER_VISITOR_PER_MINUTE: '2',
      RATE_CONVERSATIONS_PER_VISITOR_PER_HOUR: '2',
      MAX_STREAMS_PER_VISITOR: '1',
      MAX_STREAMS_PER_PROCESS: '3',
    },
  });
});
afterAll(async () => {
  expect(stack.findLeaks()).toEqual([]);
  await stack.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function expect429(res: { status: number; json: any; headers: Headers }, code = 'rate_limited') {
  expect(res.status).toBe(429);
  expect(res.json.error.code).toBe(code);
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(res.json.error.retryAfter).toBe(retryAfter);
  return retryAfter;
}

describe('sessions per site (sessionsPerSite in sessions/session-service.ts)', () => {
  // Check: limit-sessions-per-site (sessions/session-service.ts open: sessionsPerSite).
  it('refuses the 4th session in a window, readable by the page, and recovers', async () => {
    const { site } = await stack.seedCustomer({ origins: [ORIGIN] });
    for (let i = 0; i < 3; i++) {
      const ok = await stack.session(site.siteKey, ORIGIN);
      expect(ok.status).toBe(201);
      expect(ok.headers.get('ratelimit-limit')).toBe('3');
      expect(ok.headers.get('ratelimit-remaining')).toBe(String(2 - i));
    }
    const refused = await stack.session(site.siteKey, ORIGIN);
    expect429(refused);
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    // The widget must be able to read Retry-After: CORS headers are on the 429 too.
    expect(refused.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(refused.headers.get('access-control-expose-headers')).toMatch(/Retry-After/);
    // Another site has its own budget.
    const other = await stack.seedCustomer({ origins: [ORIGIN] });
    expect((await stack.session(other.site.siteKey, ORIGIN)).status).toBe(201);
    await sleep(2100);
    expect((await stack.session(site.siteKey, ORIGIN)).status).toBe(201);
  });
});

describe('only requests that could succeed spend the site budget (security.md rule 11)', () => {
  // Check: sessions-budget-after-checks (sessions/session-service.ts open takes the per-site point last).
  it('a flood of refused session requests leaves the budget to real visitors', async () => {
    const { site } = await stack.seedCustomer({ origins: [ORIGIN] });
    // What any page can make its visitors' browsers send: its own Origin, a text/plain body (no preflight).
    const stranger = (type: string) =>
      stack.fetch(`/v1/sites/${site.siteKey}/sessions`, {
        method: 'POST',
        headers: { origin: 'https://evil.example', 'content-type': type },
        body: '{}',
      });
    for (let i = 0; i < 5; i++) expect((await stranger('text/plain')).status).toBe(415);
    for (let i = 0; i < 5; i++) expect((await stranger('application/json')).json.error.code).toBe('origin_not_allowed');
    for (let i = 0; i < 3; i++) expect((await stack.session(site.siteKey, ORIGIN, { resume: 'not.a.token' })).status).toBe(401);
    // The site allows 3 sessions a minute: all three are still there for real visitors.
    for (let i = 0; i < 3; i++) expect((await stack.session(site.siteKey, ORIGIN)).status).toBe(201);
    expect429(await stack.session(site.siteKey, ORIGIN));
  });
});

describe('sessions per IP (sessionsPerIp in sessions/session-service.ts)', () => {
  // Check: limit-sessions-per-ip (http/routes/visitor/sessions.ts: sessionsPerIp on POST sessions).
  it('refuses a flood of sessions from one address, across sites', async () => {
    const s = await Stack.start({ limitWindowScale: 1 / 30, env: { RATE_SESSIONS_PER_IP_PER_MINUTE: '2' } });
    try {
      const a = await s.seedCustomer({ origins: [ORIGIN] });
      const b = await s.seedCustomer({ origins: [ORIGIN] });
      expect((await s.session(a.site.siteKey, ORIGIN)).status).toBe(201);
      expect((await s.session(b.site.siteKey, ORIGIN)).status).toBe(201);
      expect429(await s.session(a.site.siteKey, ORIGIN));
      await sleep(2100);
      expect((await s.session(b.site.siteKey, ORIGIN)).status).toBe(201);
      expect(s.findLeaks()).toEqual([]);
    } finally {
      await s.close();
    }
  });
});

describe('messages and conversations per visitor', () => {
  // Check: limit-messages-per-visitor (http/routes/visitor/conversations.ts: messagesPerVisitor on POST messages).
  it('limits messages per visitor, not per site', async () => {
    const { site } = await stack.seedCustomer({ origins: [ORIGIN] });
    const alice = await stack.visitor(site.siteKey, ORIGIN);
    const bob = await stack.visitor(site.siteKey, ORIGIN);
    const a = (await alice.createConversation()).json.conversationId;
    const b = (await bob.createConversation()).json.conversationId;
    expect((await alice.ask(a, 'one')).status).toBe(200);
    expect((await alice.ask(a, 'two')).status).toBe(200);
    const before = stack.emulator.requests.length;
    expect429(await alice.ask(a, 'three'));
    expect(stack.emulator.requests.length).toBe(before); // refused before any upstream call
    expect((await bob.ask(b, 'one')).status).toBe(200);
    await sleep(2100);
    expect((await alice.ask(a, 'three')).status).toBe(200);
  });

  // Check: limit-conversations-per-visitor (http/routes/visitor/conversations.ts: conversationsPerVisitor on POST conversations).
  it('limits new conversations per visitor', async () => {
    const { site } = await stack.seedCustomer({ origins: [ORIGIN] });
    const v = await stack.visitor(site.siteKey, ORIGIN);
    expect((await v.createConversation()).status).toBe(201);
    expect((await v.createConversation()).status).toBe(201);
    expect429(await v.createConversation());
  });
});

describe('concurrent streams (limits.streams)', () => {
  async function openSlowStream(v: Awaited<ReturnType<Stack['visitor']>>, siteKey: string) {
    const id = (await v.createConversation()).json.conversationId;
    stack.emulator.faults.add({ fault: { kind: 'slow-tokens', delayMs: 100 }, path: '/complete$', times: 1 });
    const res = await fetch(`${stack.url}/v1/sites/${siteKey}/conversations/${id}/messages`, {
      method: 'POST',
      headers: v.headers(),
      body: JSON.stringify({ text: 'tokens:15' }),
    });
    expect(res.status).toBe(200);
    return { id, res };
  }

  // Check: stream-cap-visitor (limits/index.ts streams: the per-visitor slot).
  it('one stream per visitor at a time; the slot comes back when it ends', async () => {
    const { site } = await stack.seedCustomer({ origins: [ORIGIN] });
    const v = await stack.visitor(site.siteKey, ORIGIN);
    const { id, res } = await openSlowStream(v, site.siteKey);
    expect429(await v.ask(id, 'second while the first streams'), 'too_many_streams');
    await res.text(); // the first answer completes
    await sleep(2100); // (this file allows 2 messages a "minute" per visitor)
    expect((await v.ask(id, 'now it works')).status).toBe(200);
  });

  // Check: stream-cap-process (limits/index.ts streams: the process cap).
  it('at most MAX_STREAMS_PER_PROCESS streams in the process', async () => {
    // Two sites, so that the four visitors stay within the per-site session limit of this file.
    const { site } = await stack.seedCustomer({ origins: [ORIGIN] });
    const { site: site2 } = await stack.seedCustomer({ origins: [ORIGIN] });
    const open = [];
    open.push(await openSlowStream(await stack.visitor(site.siteKey, ORIGIN), site.siteKey));
    open.push(await openSlowStream(await stack.visitor(site.siteKey, ORIGIN), site.siteKey));
    open.push(await openSlowStream(await stack.visitor(site2.siteKey, ORIGIN), site2.siteKey));
    const v = await stack.visitor(site2.siteKey, ORIGIN);
    const id = (await v.createConversation()).json.conversationId;
    expect429(await v.ask(id, 'one too many'), 'too_many_streams');
    const metrics = await stack.fetch('/metrics', { headers: { authorization: `Bearer ${stack.adminToken}` } });
    expect(metrics.text).toMatch(/tessera_relay_open_streams 3/);
    expect(metrics.text).toMatch(/tessera_rate_limit_rejections_total\{limit="streams_per_process"\} 1/);
    await Promise.all(open.map((o) => o.res.text()));
    expect((await v.ask(id, 'room again')).status).toBe(200);
  });
});

describe('requests per IP, and who the client is (http/client-ip.ts)', () => {
  // Check: limit-requests-per-ip, xff-only-with-trust-proxy (requestsPerIp in http/middleware/site.ts siteGate; http/client-ip.ts).
  it('counts by socket address and ignores X-Forwarded-For without TRUST_PROXY', async () => {
    const s = await Stack.start({ limitWindowScale: 1 / 30, env: { RATE_REQUESTS_PER_IP_PER_MINUTE: '3' } });
    try {
      const { site } = await s.seedCustomer({ origins: [ORIGIN] });
      const get = (xff: string) => s.fetch(`/v1/sites/${site.siteKey}/config`, { headers: { 'x-forwarded-for': xff } });
      for (let i = 0; i < 3; i++) expect((await get(`10.0.0.${i}`)).status).toBe(200);
      expect429(await get('10.0.0.99'));
      expect(s.findLeaks()).toEqual([]);
    } finally {
      await s.close();
    }
  });

  // Check: limit-requests-per-ip-first (http/middleware/site.ts siteGate counts before the site lookup).
  it('counts requests for unknown site keys too, before looking them up', async () => {
    const s = await Stack.start({ limitWindowScale: 1 / 30, env: { RATE_REQUESTS_PER_IP_PER_MINUTE: '5' } });
    try {
      const { site } = await s.seedCustomer({ origins: [ORIGIN] });
      const random = () => `pk_${Math.random().toString(36).slice(2).padEnd(22, '0').slice(0, 22)}`;
      for (let i = 0; i < 5; i++) expect((await s.fetch(`/v1/sites/${random()}/config`)).json.error.code).toBe('site_not_found');
      expect429(await s.fetch(`/v1/sites/${random()}/config`));
      // The address is out of requests for every site now, a real one included.
      expect429(await s.fetch(`/v1/sites/${site.siteKey}/config`, { headers: { origin: ORIGIN } }));
    } finally {
      await s.close();
    }
  });

  // Check: xff-rightmost-untrusted (http/client-ip.ts walks X-Forwarded-For from the right).
  it('with TRUST_PROXY, the first untrusted X-Forwarded-For hop is the client', async () => {
    const s = await Stack.start({
      limitWindowScale: 1 / 30,
      env: { RATE_REQUESTS_PER_IP_PER_MINUTE: '2', TRUST_PROXY: '127.0.0.1,10.0.0.0/8' },
    });
    try {
      const { site } = await s.seedCustomer({ origins: [ORIGIN] });
      const get = (xff: string) => s.fetch(`/v1/sites/${site.siteKey}/config`, { headers: { 'x-forwarded-for': xff } });
      expect((await get('203.0.113.7')).status).toBe(200);
      expect((await get('203.0.113.7, 10.1.2.3')).status).toBe(200); // 10/8 is our proxy: same client
      expect429(await get('203.0.113.7'));
      expect((await get('203.0.113.8')).status).toBe(200); // another client
      // A client cannot hide behind a forged hop left of the real one.
      expect429(await get('198.51.100.1, 203.0.113.7'));
    } finally {
      await s.close();
    }
  });
});

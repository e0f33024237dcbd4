/**
 * Scale-out: two replicas on one PostgreSQL database and one Redis, nginx in front; then outages
 * of Redis and PostgreSQL against replicas of their own. Real processes, real servers.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '@tessera/cbk-emulator';
import { MIGRATIONS } from '../../src/platform/migrations.js';
import { parseSseWithIds } from '@tessera/testkit';
import { parseSse } from '../support/stack.js';
import {
  freshDatabase,
  privatePostgres,
  privateRedis,
  startNginx,
  startReplica,
  stopAll,
  waitFor,
  type Replica,
} from './processes.js';

const ORIGIN = 'https://shop.example';
const ADMIN = `adm_${randomBytes(20).toString('hex')}`;
const POSTGRES = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

let emulator: Awaited<ReturnType<typeof startEmulator>>;
let databaseUrl: string;
let r1: Replica;
let r2: Replica;
let lb: string;

function env(extra: Record<string, string> = {}) {
  return {
    CHATBOTKIT_API_URL: emulator.url,
    CHATBOTKIT_TOKEN: emulator.emulator.partnerToken,
    TESSERA_ADMIN_TOKEN: ADMIN,
    DATABASE_URL: databaseUrl,
    REDIS_URL: REDIS,
    REDIS_KEY_PREFIX: `tessera-test-${randomBytes(4).toString('hex')}`,
    TRUST_PROXY: '127.0.0.1',
    SITE_CACHE_TTL_SECONDS: '300', // propagation must come from invalidation, not expiry
    RATE_SESSIONS_PER_SITE_PER_MINUTE: '6',
    RATE_SESSIONS_PER_IP_PER_MINUTE: '100000',
    RATE_REQUESTS_PER_IP_PER_MINUTE: '100000',
    // Both replicas serve the portal at one public address (the load balancer's, in production).
    PORTAL_URL: PORTAL,
    RATE_SIGN_INS_PER_ACCOUNT_PER_HOUR: '4',
    ...extra,
  };
}

async function admin(base: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}/admin/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as any };
}

async function seed(base: string) {
  const tenant = (await admin(base, 'POST', '/tenants', { name: 'Scale' })).json;
  const bot = (await admin(base, 'POST', `/tenants/${tenant.id}/bots`, { name: 'B' })).json;
  const site = (await admin(base, 'POST', `/tenants/${tenant.id}/sites`, { name: 's', allowedOrigins: [ORIGIN], botId: bot.id }))
    .json;
  return { tenant, site };
}

async function session(base: string, siteKey: string) {
  const res = await fetch(`${base}/v1/sites/${siteKey}/sessions`, { method: 'POST', headers: { origin: ORIGIN } });
  return { status: res.status, json: (await res.json()) as any };
}

const PORTAL = 'https://portal.partner.example';

/** A portal request as the portal's page sends it: its Origin, the session cookie. */
async function portal(base: string, method: string, path: string, cookie: string | null, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    redirect: 'manual',
    headers: {
      origin: PORTAL,
      ...(cookie ? { cookie: `__Host-portal=${cookie}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const cookieSet = /__Host-portal=([\w-]*)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? null;
  const text = await res.text();
  return { status: res.status, cookie: cookieSet, json: text.startsWith('{') ? JSON.parse(text) : null };
}

const auth = (token: string) => ({ origin: ORIGIN, authorization: `Bearer ${token}`, 'content-type': 'application/json' });

/** Read an event stream until `stop` says so (or it ends); the connection is dropped then. */
async function readUntil(res: Response, stop: (events: ReturnType<typeof parseSseWithIds>) => boolean) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    // Only whole events count.
    const whole = text.slice(0, text.lastIndexOf('\n\n') + 2);
    if (stop(parseSseWithIds(whole))) {
      await reader.cancel();
      return parseSseWithIds(whole);
    }
  }
  return parseSseWithIds(text);
}

const tokensOf = (events: ReturnType<typeof parseSseWithIds>) =>
  events
    .filter((e) => e.event === 'token')
    .map((e) => (e.data as { token: string }).token)
    .join('');

/** A visitor with a conversation on `base`, and a slow answer started there. */
async function slowAnswer(base: string, tokens: number, delayMs = 40) {
  const { site } = await seed(base);
  const s = await session(base, site.siteKey);
  const conv = (await (
    await fetch(`${base}/v1/sites/${site.siteKey}/conversations`, { method: 'POST', headers: auth(s.json.token), body: '{}' })
  ).json()) as any;
  emulator.emulator.faults.add({ fault: { kind: 'slow-tokens', delayMs }, path: '/complete$', times: 1 });
  const res = await fetch(`${base}/v1/sites/${site.siteKey}/conversations/${conv.conversationId}/messages`, {
    method: 'POST',
    headers: auth(s.json.token),
    body: JSON.stringify({ text: `tokens:${tokens}` }),
  });
  const answerPath = (answerId: string) => `/v1/sites/${site.siteKey}/conversations/${conv.conversationId}/answers/${answerId}`;
  return { res, token: s.json.token as string, answerPath, siteKey: site.siteKey as string };
}

const follow = (base: string, path: string, token: string, lastEventId?: string) =>
  fetch(`${base}${path}`, {
    headers: { ...auth(token), ...(lastEventId === undefined ? {} : { 'last-event-id': lastEventId }) },
  });

/** What the upstream sent for `tokens:N` (the emulator's deterministic answer), from a run nobody interrupts. */
async function fullAnswer(base: string, tokens: number) {
  const { res } = await slowAnswer(base, tokens, 0);
  return tokensOf(parseSseWithIds(await res.text()));
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  databaseUrl = await freshDatabase(POSTGRES);
  // Both at once, on an empty database: the migration lock must make this safe.
  const shared = env();
  [r1, r2] = await Promise.all([startReplica(shared), startReplica(shared)]);
  lb = (await startNginx([r1.port, r2.port])).url;
}, 90_000);

afterAll(async () => {
  await stopAll();
  await emulator.close();
});

describe('two replicas, one database, one Redis', () => {
  it('started together on an empty database, they migrated exactly once', async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query('SELECT version FROM schema_migrations ORDER BY version');
    await client.end();
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    for (const r of [r1, r2]) expect((await fetch(`${r.url}/readyz`)).status).toBe(200);
    for (const r of [r1, r2]) expect(r.output()).toMatch(/"store":"postgres"/);
  });

  it('a session minted on one replica works on the other; a conversation continues across them', async () => {
    const { site } = await seed(r1.url);
    const s = await session(r1.url, site.siteKey);
    expect(s.status).toBe(201);
    const conv = await fetch(`${r2.url}/v1/sites/${site.siteKey}/conversations`, {
      method: 'POST',
      headers: auth(s.json.token),
      body: '{}',
    });
    expect(conv.status).toBe(201);
    const { conversationId } = (await conv.json()) as { conversationId: string };
    const first = await fetch(`${r1.url}/v1/sites/${site.siteKey}/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: auth(s.json.token),
      body: JSON.stringify({ text: 'first on replica one' }),
    });
    expect(parseSse(await first.text()).at(-1)!.event).toBe('done');
    const second = await fetch(`${r2.url}/v1/sites/${site.siteKey}/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: auth(s.json.token),
      body: JSON.stringify({ text: 'then on replica two' }),
    });
    expect(parseSse(await second.text()).at(-1)!.event).toBe('done');
    const history = (await (
      await fetch(`${r1.url}/v1/sites/${site.siteKey}/conversations/${conversationId}/messages`, { headers: auth(s.json.token) })
    ).json()) as any;
    expect(history.items.filter((m: { role: string }) => m.role === 'user').map((m: { text: string }) => m.text)).toEqual([
      'first on replica one',
      'then on replica two',
    ]);
    const list = (await (
      await fetch(`${r2.url}/v1/sites/${site.siteKey}/conversations`, { headers: auth(s.json.token) })
    ).json()) as any;
    expect(list.items.map((c: { conversationId: string }) => c.conversationId)).toEqual([conversationId]);
  });

  it('through nginx: sessions, conversations and a streamed answer that arrives as it is produced', async () => {
    const { site } = await seed(lb);
    const s = await session(lb, site.siteKey);
    expect(s.status).toBe(201);
    const conv = (await (
      await fetch(`${lb}/v1/sites/${site.siteKey}/conversations`, { method: 'POST', headers: auth(s.json.token), body: '{}' })
    ).json()) as any;
    emulator.emulator.faults.add({ fault: { kind: 'slow-tokens', delayMs: 40 }, path: '/complete$', times: 1 });
    const res = await fetch(`${lb}/v1/sites/${site.siteKey}/conversations/${conv.conversationId}/messages`, {
      method: 'POST',
      headers: auth(s.json.token),
      body: JSON.stringify({ text: 'tokens:25' }),
    });
    const reader = res.body!.getReader();
    const arrivals: number[] = [];
    const started = Date.now();
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      arrivals.push(Date.now() - started);
      text += new TextDecoder().decode(value);
    }
    expect(parseSse(text).filter((e) => e.event === 'token')).toHaveLength(25);
    expect(arrivals.length).toBeGreaterThan(8); // not buffered by the proxy
    // Both replicas took part in this test's requests (round robin).
    for (const r of [r1, r2]) expect(r.output()).toMatch(new RegExp(`"site":"${site.siteKey}"`));
  });

  it("a reload that lands on the other replica resumes the answer: from its start and after an id, exactly the upstream's text", async () => {
    const expected = await fullAnswer(r1.url, 30);
    const { res, token, answerPath } = await slowAnswer(r1.url, 30);
    // The visitor reads a few tokens on replica 1, then leaves (a reload).
    const first = await readUntil(res, (e) => e.filter((x) => x.event === 'token').length >= 5);
    expect(first[0]).toMatchObject({ id: '0', event: 'start' });
    const answerId = (first[0]!.data as { answerId: string }).answerId;
    const held = tokensOf(first);
    const lastId = first.at(-1)!.id!;
    expect(Number(lastId)).toBe(held.length);

    // Replica 2, after the last id read: the rest, with no gap and no repetition.
    const t = performance.now();
    const rest = await follow(r2.url, answerPath(answerId), token, lastId);
    expect(rest.status).toBe(200);
    const after = parseSseWithIds(await rest.text());
    expect(after.some((e) => e.event === 'start')).toBe(false);
    expect(held + tokensOf(after)).toBe(expected);
    expect(after.at(-1)).toMatchObject({ event: 'done', id: String(expected.length) });
    expect(performance.now() - t).toBeLessThan(10_000);

    // And from the start, once it ended (within the retention): start, the whole text, done.
    const again = parseSseWithIds(await (await follow(r2.url, answerPath(answerId), token)).text());
    expect(again.map((e) => e.event)).toEqual(['start', 'token', 'done']);
    expect(tokensOf(again)).toBe(expected);
  }, 30_000);

  it('through nginx: a reattach lands on either replica and continues the answer; Stop on the other replica aborts the upstream', async () => {
    const expected = await fullAnswer(lb, 40);
    const { res, token, answerPath } = await slowAnswer(lb, 40, 60);
    const first = await readUntil(res, (e) => e.filter((x) => x.event === 'token').length >= 3);
    const answerId = (first[0]!.data as { answerId: string }).answerId;
    let held = tokensOf(first);
    const reads = (r: Replica) => r.output().split('answers/:answerId').length;
    const before = [reads(r1), reads(r2)];
    // Round robin: two reattaches in a row are served by both replicas, one of them not the answer's.
    for (let i = 0; i < 2; i++) {
      const part = await readUntil(await follow(lb, answerPath(answerId), token, String(held.length)), (e) =>
        e.some((x) => x.event === 'token'),
      );
      held += tokensOf(part);
    }
    expect([reads(r1) > before[0]!, reads(r2) > before[1]!]).toEqual([true, true]);
    expect(expected.startsWith(held)).toBe(true);

    // Stop, through whichever replica: the upstream request ends at once.
    const completions = () => emulator.emulator.completions.filter((c) => c.outcome === 'running').length;
    expect(completions()).toBe(1);
    const stopped = await fetch(`${lb}${answerPath(answerId)}`, { method: 'DELETE', headers: auth(token) });
    expect(stopped.status).toBe(204);
    await waitFor(() => completions() === 0, 3000, 'the upstream completion to be aborted');
    expect(emulator.emulator.completions.at(-1)!.outcome).toBe('client-closed');
  }, 30_000);

  it('a per-site limit of 6 holds in total across both replicas', async () => {
    const { site } = await seed(r1.url);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await session(i % 2 ? r2.url : r1.url, site.siteKey)).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 201]);
    const r1Again = await session(r1.url, site.siteKey);
    const r2Again = await session(r2.url, site.siteKey);
    expect([r1Again.status, r2Again.status]).toEqual([429, 429]);
    expect(r2Again.json.error.code).toBe('rate_limited');
  });

  it('a site suspended through replica 1 is refused by replica 2 within 1 second', async () => {
    const { site } = await seed(r1.url);
    expect((await session(r2.url, site.siteKey)).status).toBe(201); // replica 2 has the site cached
    const started = Date.now();
    expect((await admin(r1.url, 'PATCH', `/sites/${site.id}`, { status: 'suspended' })).status).toBe(200);
    await waitFor(async () => (await session(r2.url, site.siteKey)).status === 403, 1000, 'replica 2 to refuse');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a key rotated through replica 2 stops on replica 1 within 1 second', async () => {
    const { site } = await seed(r2.url);
    expect((await session(r1.url, site.siteKey)).status).toBe(201);
    const started = Date.now();
    expect((await admin(r2.url, 'POST', `/sites/${site.id}/rotate-key`)).status).toBe(200);
    await waitFor(async () => (await session(r1.url, site.siteKey)).status === 404, 1000, 'replica 1 to forget the old key');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a tenant suspended on one replica stops on the other within 1 second', async () => {
    const { site, tenant } = await seed(r1.url);
    expect((await session(r2.url, site.siteKey)).status).toBe(201);
    const started = Date.now();
    await admin(r1.url, 'PATCH', `/tenants/${tenant.id}`, { status: 'suspended' });
    await waitFor(async () => (await session(r2.url, site.siteKey)).status === 403, 1000, 'replica 2 to refuse');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('the portal: signed in on one replica, served by the other; signed out there, refused on the first at once', async () => {
    const invite = (await admin(r1.url, 'POST', '/operators', { email: 'scale-op@partner.example' })).json;
    expect(invite.inviteUrl.startsWith(`${PORTAL}/portal/links/`)).toBe(true);
    const link = new URL(invite.inviteUrl).pathname;
    const used = await portal(r1.url, 'POST', link, null);
    expect(used.status).toBe(303);
    const cookie = used.cookie!;
    expect((await portal(r2.url, 'GET', '/portal/api/me', cookie)).json.email).toBe('scale-op@partner.example');
    expect(
      (await portal(r2.url, 'PUT', '/portal/api/me/password', cookie, { password: 'a long enough passphrase' })).status,
    ).toBe(204);
    expect((await portal(r2.url, 'DELETE', '/portal/api/session', cookie)).status).toBe(204);
    expect((await portal(r1.url, 'GET', '/portal/api/me', cookie)).status).toBe(401);
    // The link was used on replica 1: replica 2 will not take it again.
    expect((await portal(r2.url, 'POST', link, null)).status).toBe(410);
  });

  it('sign-in throttling is counted in Redis: 4 attempts an hour per account across both replicas', async () => {
    await admin(r1.url, 'POST', '/operators', { email: 'throttle-op@partner.example' });
    const attempt = (base: string) =>
      portal(base, 'POST', '/portal/api/session', null, {
        email: 'throttle-op@partner.example',
        password: 'wrong password here',
      });
    const statuses = [];
    for (const base of [r1.url, r2.url, r1.url, r2.url, r1.url, r2.url]) statuses.push((await attempt(base)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
  });

  it('after a signing-key rotation on one replica, new sessions work on the other at once', async () => {
    const { site } = await seed(r1.url);
    const before = await session(r2.url, site.siteKey);
    expect((await admin(r1.url, 'POST', '/signing-keys/rotate')).status).toBe(201);
    const after = await session(r1.url, site.siteKey);
    for (const s of [before, after]) {
      const res = await fetch(`${r2.url}/v1/sites/${site.siteKey}/conversations`, { headers: auth(s.json.token) });
      expect(res.status).toBe(200);
    }
    const jwks = (await (await fetch(`${r2.url}/.well-known/jwks.json`)).json()) as { keys: unknown[] };
    expect(jwks.keys.length).toBeGreaterThanOrEqual(2);
  });
});

describe('outages', () => {
  let redis: Awaited<ReturnType<typeof privateRedis>>;
  let postgres: Awaited<ReturnType<typeof privatePostgres>>;
  let open: Replica;
  let closed: Replica;
  let siteKey: string;
  let tenantId: string;

  beforeAll(async () => {
    redis = await privateRedis();
    postgres = await privatePostgres();
    const db = await freshDatabase(postgres.url);
    [open, closed] = await Promise.all([
      startReplica(env({ DATABASE_URL: db, REDIS_URL: redis.url, REDIS_FAILURE_MODE: 'open' })),
      startReplica(
        env({ DATABASE_URL: db, REDIS_URL: redis.url, REDIS_FAILURE_MODE: 'closed', RATE_SESSIONS_PER_SITE_PER_MINUTE: '1000' }),
      ),
    ]);
    const seeded = await seed(open.url);
    siteKey = seeded.site.siteKey;
    tenantId = seeded.tenant.id;
  }, 90_000);

  it('Redis down: fail-open keeps serving with local limits, fail-closed answers 503; both recover', async () => {
    expect((await session(open.url, siteKey)).status).toBe(201);
    expect((await session(closed.url, siteKey)).status).toBe(201);
    await redis.stop();

    const fallback = await session(open.url, siteKey);
    expect(fallback.status).toBe(201);
    const refused = await session(closed.url, siteKey);
    expect(refused.status).toBe(503);
    expect(refused.json.error.code).toBe('service_unavailable');
    await waitFor(() => /redis unavailable: rate limits fall back/.test(open.output()), 5000, 'the fail-open log line');
    await waitFor(
      () => /redis unavailable: refusing rate-limited requests/.test(closed.output()),
      5000,
      'the fail-closed log line',
    );
    expect((await fetch(`${closed.url}/healthz`)).status).toBe(200);

    await redis.start();
    await waitFor(async () => (await session(closed.url, siteKey)).status === 201, 10_000, 'fail-closed replica to recover');
    await waitFor(() => /redis available again/.test(open.output()), 10_000, 'the recovery log line');
  }, 60_000);

  it('Redis stopped mid-answer: the answer finishes on its replica and is still read there; elsewhere a clear refusal', async () => {
    const expected = await fullAnswer(open.url, 30);
    const { res, token, answerPath } = await slowAnswer(open.url, 30, 50);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('event: token')) text += decoder.decode((await reader.read()).value, { stream: true });
    const answerId = (parseSseWithIds(text)[0]!.data as { answerId: string }).answerId;
    await redis.stop();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      const events = parseSseWithIds(text);
      expect(tokensOf(events)).toBe(expected);
      expect(events.at(-1)!.event).toBe('done');
      await waitFor(() => /answer log: Redis writes fail/.test(open.output()), 5000, 'the answer log warning');
      // The replica that ran it still has it in memory.
      const again = parseSseWithIds(await (await follow(open.url, answerPath(answerId), token)).text());
      expect(tokensOf(again)).toBe(expected);
      // The other replica cannot reach the shared log: a clear, quick refusal (the widget falls back).
      const t = performance.now();
      const elsewhere = await follow(closed.url, answerPath(answerId), token);
      expect([404, 503]).toContain(elsewhere.status);
      expect(performance.now() - t).toBeLessThan(3000);
      expect(((await elsewhere.json()) as any).error.code).toMatch(/^(answer_not_found|service_unavailable)$/);
    } finally {
      await redis.start();
    }
    await waitFor(async () => (await session(closed.url, siteKey)).status === 201, 10_000, 'fail-closed replica to recover');
  }, 60_000);

  it('PostgreSQL down: readiness false, clear 503s, no crash, cached sites keep chatting; recovery with nothing lost', async () => {
    const s = await session(open.url, siteKey); // the site is cached now
    postgres.stop();
    try {
      await waitFor(async () => (await fetch(`${open.url}/readyz`)).status === 503, 10_000, 'readiness to turn false');
      const ready = (await (await fetch(`${open.url}/readyz`)).json()) as any;
      expect(ready.error.code).toBe('service_unavailable');
      expect((await fetch(`${open.url}/healthz`)).status).toBe(200);
      const list = await admin(open.url, 'GET', '/tenants');
      expect(list.status).toBe(503);
      expect(list.json.error.code).toBe('service_unavailable');
      expect(JSON.stringify(list.json)).not.toMatch(/postgres|ECONNREFUSED|127\.0\.0\.1/);
      expect((await session(open.url, siteKey)).status).toBe(201); // from the cache
      const conv = await fetch(`${open.url}/v1/sites/${siteKey}/conversations`, {
        method: 'POST',
        headers: auth(s.json.token),
        body: '{}',
      });
      expect(conv.status).toBe(503);
      expect(open.child.exitCode).toBeNull();
    } finally {
      postgres.start();
    }
    await waitFor(async () => (await fetch(`${open.url}/readyz`)).status === 200, 20_000, 'readiness to return');
    const tenants = await admin(open.url, 'GET', '/tenants');
    expect(tenants.status).toBe(200);
    expect(tenants.json.items.map((t: { id: string }) => t.id)).toContain(tenantId);
    const conv = await fetch(`${open.url}/v1/sites/${siteKey}/conversations`, {
      method: 'POST',
      headers: auth(s.json.token),
      body: '{}',
    });
    expect(conv.status).toBe(201);
    expect(open.output()).not.toMatch(/"level":60/); // nothing fatal was logged
  }, 60_000);
});

/**
 * Signed-in visitors in memory (`app.request`) on the real service and a real store (no upstream is
 * called): every rule of identity/identity-service.ts verify and of sessions/session-service.ts
 * open with an identity, each refusal with its code. The same rules over real HTTP, with
 * conversations and the log scan: test/integration/identity.test.ts.
 */
import { createPublicKey, createSecretKey } from 'node:crypto';
import type { Wire } from '@tessera/protocol';
import { exportJWK } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../app.js';
import { loadConfig } from '../../../config.js';
import { identityClaims, identityKeyPair, secretKey, signIdentity, unsignedIdentity } from '../../../identity/testing/tokens.js';
import type { Db } from '../../../platform/db.js';
import { createLogger } from '../../../platform/logger.js';
import { openTestDb } from '../../../platform/test-db.js';
import { createService, type Service } from '../../../service.js';
import { createSiteStore } from '../../../sites/store.js';
import { callApp } from '../../testing/client.js';
import { ADMIN, ADMIN_TOKEN, PUBLIC_URL } from '../../testing/fakes.js';

const ORIGIN = 'https://shop.example';
let db: Db;
let service: Service;
let app: ReturnType<typeof createApp>;
let now = Date.now();
const logs: string[] = [];

beforeAll(async () => {
  db = await openTestDb();
  service = await createService({
    config: loadConfig({
      CHATBOTKIT_TOKEN: 'partner-token-not-used',
      TESSERA_ADMIN_TOKEN: ADMIN_TOKEN,
      PUBLIC_URL,
      // Every request comes from the same (absent) IP: the limits are not what is tested here.
      RATE_REQUESTS_PER_IP_PER_MINUTE: '100000',
      RATE_SESSIONS_PER_IP_PER_MINUTE: '100000',
      RATE_SESSIONS_PER_SITE_PER_MINUTE: '100000',
    }),
    logger: createLogger('info', { write: (line: string) => void logs.push(line) }),
    db,
    clock: { now: () => now },
    defaultMetrics: false,
  });
  app = createApp(service);
});
afterAll(async () => {
  await service.close();
  await db.close();
});
beforeEach(() => {
  now = Date.now();
});

let seq = 0;
const idOf = (prefix: string, body: string) => `${prefix}_${body.padEnd(22, 'x')}`;
/** A site of a tenant of its own, written straight to the store (no upstream needed). */
async function newSite(over: { identityRequired?: boolean; identityAdopt?: boolean } = {}): Promise<Wire.Site> {
  const n = String(++seq).padStart(2, '0');
  const tenantId = idOf('tn', `identitytenant${n}`);
  await db.query(
    `INSERT INTO tenants (id, name, status, upstream_user_id, created_at, updated_at) VALUES ($1, 'T', 'active', $2, 0, 0)`,
    [tenantId, `cbk-identity-${n}`],
  );
  const site = await createSiteStore(db).insert(
    {
      id: idOf('st', `identitysite${n}`),
      tenantId,
      siteKey: idOf('pk', `identitysite${n}`),
      name: 'shop',
      allowedOrigins: [ORIGIN],
      botId: 'bot_1',
      theme: {},
      title: 'Shop',
      subtitle: null,
      greeting: null,
      starterPrompts: [],
      locale: null,
      translations: {},
      identityRequired: over.identityRequired ?? false,
      identityAdopt: over.identityAdopt ?? true,
    },
    now,
  );
  return { ...site, embedSnippet: '' };
}

/** A conversation of this visitor, written straight to the store (as conversation-service would after the upstream's). */
async function conversationOf(site: Wire.Site, visitorId: string): Promise<string> {
  const id = idOf('cv', `adopt${String(++seq).padStart(2, '0')}`);
  await db.query(
    'INSERT INTO conversations (id, site_id, tenant_id, visitor_id, upstream_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
    [id, site.id, site.tenantId, visitorId, `up-${id}`, now],
  );
  return id;
}

const ownerOf = async (conversationId: string) =>
  (await db.query<{ visitor_id: string }>('SELECT visitor_id FROM conversations WHERE id = $1', [conversationId]))[0]?.visitor_id;

const admin = (method: string, path: string, json?: unknown) =>
  callApp(app, method, `/admin/v1${path}`, { headers: ADMIN, ...(json === undefined ? {} : { json }) });

async function secretOf(site: Wire.Site, graceSeconds?: number): Promise<Wire.IdentitySecret> {
  const res = await admin('POST', `/sites/${site.id}/identity-secret`, graceSeconds === undefined ? {} : { graceSeconds });
  expect(res.status).toBe(201);
  return res.body;
}

const mint = (site: Wire.Site, body: Record<string, unknown> = {}) =>
  callApp(app, 'POST', `/v1/sites/${site.siteKey}/sessions`, { headers: { origin: ORIGIN }, json: body });

/** A token signed with the site's secret (HS256), `over` applied to its claims and `header` to its header. */
const hs256 = (site: Wire.Site, secret: Wire.IdentitySecret, over = {}, header: Record<string, unknown> = {}) =>
  signIdentity(secretKey(secret.secret), identityClaims(site.siteKey, now, over), { alg: 'HS256', ...header });

const refusedWith = async (site: Wire.Site, identity: string, code: string) => {
  const res = await mint(site, { identity });
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status: 401, code });
};

describe('identity tokens: what verifies', () => {
  it('HS256 signed with the site secret: a session of that user, the same visitor on every mint', async () => {
    const site = await newSite();
    const secret = await secretOf(site);
    expect(secret.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const first = await mint(site, { identity: await hs256(site, secret) });
    expect(first.status).toBe(201);
    expect(first.body.identified).toBe(true);
    const second = await mint(site, { identity: await hs256(site, secret, {}, { kid: secret.kid }) });
    expect(second.body.visitorId).toBe(first.body.visitorId);
    const anonymous = await mint(site);
    expect(anonymous.body.identified).toBe(false);
    expect(anonymous.body.visitorId).not.toBe(first.body.visitorId);
  });

  it.each(['EdDSA', 'ES256'] as const)('%s signed with the registered public key', async (alg) => {
    const site = await newSite();
    const pair = identityKeyPair(alg);
    const added = await admin('POST', `/sites/${site.id}/identity-keys`, { alg, publicKey: pair.pem });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ kind: 'public', alg, retiresAt: null });
    const token = await signIdentity(pair.privateKey, identityClaims(site.siteKey, now), { alg });
    const res = await mint(site, { identity: token });
    expect(res.status).toBe(201);
    expect(res.body.identified).toBe(true);
    // Signed by another key of the same kind: refused.
    const stranger = identityKeyPair(alg);
    await refusedWith(
      site,
      await signIdentity(stranger.privateKey, identityClaims(site.siteKey, now), { alg }),
      'identity_invalid',
    );
  });

  it('a public key of the wrong kind for its algorithm, or a private key, is refused when registered', async () => {
    const site = await newSite();
    const ed = identityKeyPair('EdDSA');
    const wrong = await admin('POST', `/sites/${site.id}/identity-keys`, { alg: 'ES256', publicKey: ed.pem });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.issues[0].path).toBe('publicKey');
    const priv = ed.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const secretPem = await admin('POST', `/sites/${site.id}/identity-keys`, { alg: 'EdDSA', publicKey: priv });
    expect(secretPem.status).toBe(400);
    expect((await admin('GET', `/sites/${site.id}/identity-keys`)).body.items).toEqual([]);
  });
});

describe('identity tokens: what is refused', () => {
  it('alg none (with or without a signature part)', async () => {
    const site = await newSite();
    await secretOf(site);
    const claims = identityClaims(site.siteKey, now);
    await refusedWith(site, unsignedIdentity(claims, 'AAAA'), 'identity_invalid');
    const empty = await mint(site, { identity: unsignedIdentity(claims) });
    expect(empty.status).toBe(401);
    expect(empty.body.error.code).toBe('identity_invalid');
  });

  it("HS256 keyed with the public key's PEM, on a site that registered that public key", async () => {
    const site = await newSite();
    const pair = identityKeyPair('EdDSA');
    await admin('POST', `/sites/${site.id}/identity-keys`, { alg: 'EdDSA', publicKey: pair.pem });
    const forged = await signIdentity(createSecretKey(Buffer.from(pair.pem)), identityClaims(site.siteKey, now), {
      alg: 'HS256',
    });
    await refusedWith(site, forged, 'identity_invalid');
  });

  it('a header naming or carrying a key (jwk, jku, x5u, x5c), or a kid the site does not have', async () => {
    const site = await newSite();
    const pair = identityKeyPair('EdDSA');
    await admin('POST', `/sites/${site.id}/identity-keys`, { alg: 'EdDSA', publicKey: pair.pem });
    const claims = identityClaims(site.siteKey, now);
    const attacker = identityKeyPair('EdDSA');
    // The attacker's own key, embedded in the header.
    await refusedWith(
      site,
      await signIdentity(attacker.privateKey, claims, { alg: 'EdDSA', jwk: await attacker.jwk() }),
      'identity_invalid',
    );
    // Even signed with the site's own key: a token pointing elsewhere for its key is not accepted.
    for (const header of [
      { jwk: await exportJWK(createPublicKey(pair.pem)) },
      { jku: 'https://evil.example/jwks.json' },
      { x5u: 'https://evil.example/cert.pem' },
      { x5c: ['MIIB'] },
      { kid: 'ik_0000000000000000000000' },
    ]) {
      await refusedWith(site, await signIdentity(pair.privateKey, claims, { alg: 'EdDSA', ...header }), 'identity_invalid');
    }
    expect((await mint(site, { identity: await signIdentity(pair.privateKey, claims, { alg: 'EdDSA' }) })).status).toBe(201);
  });

  it("aud of another site: identity_wrong_site, even signed with this site's secret", async () => {
    const site = await newSite();
    const other = await newSite();
    const secret = await secretOf(site);
    await refusedWith(site, await hs256(site, secret, { aud: other.siteKey }), 'identity_wrong_site');
    // A token of the other site (its own secret) presented here.
    const otherSecret = await secretOf(other);
    await refusedWith(site, await hs256(other, otherSecret), 'identity_wrong_site');
  });

  it('expired: identity_expired; a lifetime over 10 minutes, iat in the future or no sub: identity_invalid', async () => {
    const site = await newSite();
    const secret = await secretOf(site);
    const t = Math.floor(now / 1000);
    await refusedWith(site, await hs256(site, secret, { iat: t - 400, exp: t - 60 }), 'identity_expired');
    await refusedWith(site, await hs256(site, secret, { iat: t, exp: t + 601 }), 'identity_invalid');
    await refusedWith(site, await hs256(site, secret, { iat: t + 60, exp: t + 300 }), 'identity_invalid');
    await refusedWith(site, await hs256(site, secret, { sub: undefined }), 'identity_invalid');
    await refusedWith(site, await hs256(site, secret, { exp: undefined }), 'identity_invalid');
    await refusedWith(site, await hs256(site, secret, { aud: undefined }), 'identity_invalid');
    // Within the limits: 600 s of life, iat 20 s ahead (clock skew).
    expect((await mint(site, { identity: await hs256(site, secret, { iat: t + 20, exp: t + 620 }) })).status).toBe(201);
  });

  it('a rotated-out secret verifies during its grace period, and is refused after it', async () => {
    const site = await newSite();
    const old = await secretOf(site);
    const token = () => hs256(site, old);
    now += 1000;
    const fresh = await secretOf(site, 3600);
    const keys = (await admin('GET', `/sites/${site.id}/identity-keys`)).body.items as Wire.IdentityKey[];
    expect(keys.map((k) => [k.kid, k.retiresAt])).toEqual([
      [old.kid, now + 3600 * 1000],
      [fresh.kid, null],
    ]);
    now += 3500 * 1000;
    expect((await mint(site, { identity: await token() })).status).toBe(201);
    now += 200 * 1000;
    await refusedWith(site, await token(), 'identity_invalid');
    expect((await mint(site, { identity: await hs256(site, fresh) })).status).toBe(201);
  });

  it('a removed key stops at once; a site without keys: 400 identity_not_configured', async () => {
    const site = await newSite();
    const none = await mint(site, { identity: await hs256(site, { secret: 'x'.repeat(43) } as Wire.IdentitySecret) });
    expect({ status: none.status, code: none.body.error.code }).toEqual({ status: 400, code: 'identity_not_configured' });
    const secret = await secretOf(site);
    const token = await hs256(site, secret);
    expect((await mint(site, { identity: token })).status).toBe(201);
    expect((await admin('DELETE', `/sites/${site.id}/identity-keys/${secret.kid}`)).status).toBe(204);
    expect((await mint(site, { identity: token })).body.error.code).toBe('identity_not_configured');
  });

  it('an identity over 4096 characters, or not a compact JWT, is refused by the body schema', async () => {
    const site = await newSite();
    for (const identity of [`${'a'.repeat(4000)}.${'b'.repeat(100)}.c`, '', 'not a token', 'a.b']) {
      const res = await mint(site, { identity });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
  });
});

describe('sessions of signed-in visitors', () => {
  it('identityRequired: no anonymous session, nor a renewal of an anonymous one; an identified one renews as the same user', async () => {
    const site = await newSite();
    const secret = await secretOf(site);
    const anonymous = await mint(site);
    expect(anonymous.status).toBe(201);
    expect((await admin('PATCH', `/sites/${site.id}`, { identityRequired: true })).body.identityRequired).toBe(true);
    const none = await mint(site);
    expect({ status: none.status, code: none.body.error.code }).toEqual({ status: 401, code: 'identity_required' });
    const resumedAnonymous = await mint(site, { resume: anonymous.body.token });
    expect(resumedAnonymous.body.error.code).toBe('identity_required');
    const user = await mint(site, { identity: await hs256(site, secret) });
    expect(user.body.config.identityRequired).toBe(true);
    const renewed = await mint(site, { resume: user.body.token });
    expect(renewed.status).toBe(201);
    expect(renewed.body).toMatchObject({ visitorId: user.body.visitorId, identified: true });
  });

  it("adoption: with resume of an anonymous token, that visitor's conversations become the user's (not when the site says no)", async () => {
    for (const identityAdopt of [true, false]) {
      const site = await newSite({ identityAdopt });
      const secret = await secretOf(site);
      const anonymous = await mint(site);
      const conversationId = await conversationOf(site, anonymous.body.visitorId);
      const user = await mint(site, { identity: await hs256(site, secret), resume: anonymous.body.token });
      expect(user.status).toBe(201);
      expect(user.body.visitorId).not.toBe(anonymous.body.visitorId);
      expect(await ownerOf(conversationId)).toBe(identityAdopt ? user.body.visitorId : anonymous.body.visitorId);
    }
  });

  it("no adoption across users: another user's session, resumed with an identity, keeps its conversations", async () => {
    const site = await newSite();
    const secret = await secretOf(site);
    const ada = await mint(site, { identity: await hs256(site, secret, { sub: 'ada' }) });
    const conversationId = await conversationOf(site, ada.body.visitorId);
    const bob = await mint(site, { identity: await hs256(site, secret, { sub: 'bob' }), resume: ada.body.token });
    expect(bob.status).toBe(201);
    expect(bob.body.visitorId).not.toBe(ada.body.visitorId);
    expect(await ownerOf(conversationId)).toBe(ada.body.visitorId);
  });

  it('a resume of another site is not adopted, and a stale resume with an identity is only ignored', async () => {
    const site = await newSite();
    const other = await newSite();
    const secret = await secretOf(site);
    const stranger = await mint(other);
    const conversationId = await conversationOf(other, stranger.body.visitorId);
    const user = await mint(site, { identity: await hs256(site, secret), resume: stranger.body.token });
    expect(user.status).toBe(201);
    expect(await ownerOf(conversationId)).toBe(stranger.body.visitorId);
    // Without an identity the same resume is refused, as before.
    expect((await mint(site, { resume: stranger.body.token })).body.error.code).toBe('resume_rejected');
  });

  it('another site with the same subject is another visitor', async () => {
    const a = await newSite();
    const b = await newSite();
    const [sa, sb] = [await secretOf(a), await secretOf(b)];
    const onA = await mint(a, { identity: await hs256(a, sa, { sub: 'same-user' }) });
    const onB = await mint(b, { identity: await hs256(b, sb, { sub: 'same-user' }) });
    expect(onA.body.visitorId).not.toBe(onB.body.visitorId);
  });

  it('never logs the identity token, the subject, the name or the email', async () => {
    const site = await newSite();
    const secret = await secretOf(site);
    const claims = { sub: 'subject-never-logged-7', name: 'Name Never Logged', email: 'never-logged@example.com' };
    const token = await hs256(site, secret, claims);
    await mint(site, { identity: token });
    const t = Math.floor(now / 1000);
    await mint(site, { identity: await hs256(site, secret, { ...claims, exp: t - 60, iat: t - 100 }) });
    expect(logs.length).toBeGreaterThan(0);
    for (const value of [token, secret.secret, ...Object.values(claims)]) {
      expect(logs.filter((line) => line.includes(value))).toEqual([]);
    }
  });
});

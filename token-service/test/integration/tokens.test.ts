/**
 * Session tokens: each forged, altered or misplaced token is refused by TokenIssuer.verify
 * (sessions/tokens.ts) or by the site/origin binding in sessions/session-service.ts (authenticate). Every case would
 * pass if its check were removed, and was seen to fail that way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import type { Wire } from '@tessera/protocol';
import { Stack } from '../support/stack.js';

const ORIGIN = 'https://shop.example';
let stack: Stack;
let siteA: Wire.Site;
let siteB: Wire.Site; // same tenant as A? no: another tenant
let good: string;

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const parts = (t: string) => t.split('.') as [string, string, string];

async function call(token: string, site = siteA, origin = ORIGIN) {
  return stack.fetch(`/v1/sites/${site.siteKey}/conversations`, {
    headers: { origin, authorization: `Bearer ${token}` },
  });
}

/** Re-sign the genuine token with the service's real key after an edit, to isolate one claim. */
const resign = (edit: (payload: Record<string, unknown>, header: Record<string, unknown>) => void) => stack.resign(good, edit);

beforeAll(async () => {
  stack = await Stack.start();
  ({ site: siteA } = await stack.seedCustomer({ origins: [ORIGIN, 'https://other.example'] }));
  ({ site: siteB } = await stack.seedCustomer({ origins: [ORIGIN] }));
  good = (await stack.visitor(siteA.siteKey, ORIGIN)).token;
});
afterAll(async () => {
  expect(stack.findLeaks()).toEqual([]);
  await stack.close();
});

describe('token checks', () => {
  it('accepts the genuine token (control)', async () => {
    expect((await call(good)).status).toBe(200);
    expect(decodeProtectedHeader(good)).toMatchObject({ alg: 'EdDSA', typ: 'tessera-visitor+jwt', kid: expect.any(String) });
    const claims = decodeJwt(good);
    expect(Object.keys(claims).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'origin', 'site', 'sub', 'tid'].sort());
    // The token is readable by the browser: no sub-account id, bot id or upstream id in it.
    for (const secret of stack.secrets()) expect(JSON.stringify(claims)).not.toContain(secret);
  });

  it('refuses a missing or malformed Authorization header', async () => {
    const none = await stack.fetch(`/v1/sites/${siteA.siteKey}/conversations`, { headers: { origin: ORIGIN } });
    expect(none.status).toBe(401);
    expect(none.json.error.code).toBe('token_missing');
    for (const h of [`Basic ${good}`, `Bearer`, `Bearer ${good} x`, good]) {
      const res = await stack.fetch(`/v1/sites/${siteA.siteKey}/conversations`, {
        headers: { origin: ORIGIN, authorization: h },
      });
      expect(res.status).toBe(401);
    }
  });

  // Algorithm confusion: jose's own key-type checks refuse this too; token-alg-pinned is caught by the Ed25519 test below.
  it('refuses alg: none', async () => {
    const [, payload] = parts(good);
    const res = await call(`${b64({ alg: 'none', typ: 'tessera-visitor+jwt' })}.${payload}.`);
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('token_invalid');
  });

  // Algorithm confusion: jose's own key-type checks refuse this too; token-alg-pinned is caught by the Ed25519 test below.
  it('refuses HS256 signed with the public key (algorithm confusion)', async () => {
    const jwks = (await stack.fetch('/.well-known/jwks.json')).json as { keys: JWK[] };
    const pub = jwks.keys[0]!;
    const secret = new TextEncoder().encode(JSON.stringify(pub));
    const payload = decodeJwt(good);
    const forged = await new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256', kid: pub.kid!, typ: 'tessera-visitor+jwt' })
      .sign(secret);
    expect((await call(forged)).status).toBe(401);
    const forged2 = await new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256', kid: pub.kid!, typ: 'tessera-visitor+jwt' })
      .sign(new TextEncoder().encode(pub.x!));
    expect((await call(forged2)).status).toBe(401);
  });

  it('refuses a token signed by a key of its own (embedded jwk, jku, x5u)', async () => {
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const jwk = await exportJWK(publicKey);
    const payload = decodeJwt(good);
    for (const extra of [{ jwk }, { jku: 'https://evil.example/jwks.json' }, { x5u: 'https://evil.example/cert' }, {}]) {
      const forged = await new SignJWT(payload)
        .setProtectedHeader({ alg: 'EdDSA', typ: 'tessera-visitor+jwt', kid: decodeProtectedHeader(good).kid!, ...extra })
        .sign(privateKey);
      expect((await call(forged)).status).toBe(401);
    }
  });

  it('refuses tampered claims (signature no longer matches)', async () => {
    const [h, , s] = parts(good);
    const other = await stack.visitor(siteA.siteKey, ORIGIN);
    const payload = decodeJwt(good);
    const tampered = `${h}.${b64({ ...payload, sub: other.visitorId })}.${s}`;
    expect((await call(tampered)).status).toBe(401);
  });

  it('refuses a stripped or swapped signature', async () => {
    const [h, p] = parts(good);
    const [, , otherSig] = parts((await stack.visitor(siteA.siteKey, ORIGIN)).token);
    expect((await call(`${h}.${p}.`)).status).toBe(401);
    expect((await call(`${h}.${p}.${otherSig}`)).status).toBe(401);
  });

  it('refuses unknown and hostile kids', async () => {
    for (const kid of ['nope', '../../etc/passwd', 'x'.repeat(500), "' OR 1=1 --"]) {
      const res = await call(await resign((_p, h) => (h.kid = kid)));
      expect(res.status).toBe(401);
    }
  });

  // Check: token-issuer, token-audience, token-typ, token-exp-required (sessions/tokens.ts: the jwtVerify options, claimsOf, withinLifetime).
  it('refuses wrong aud, iss, typ, and missing exp (each re-signed with the real key)', async () => {
    expect((await call(await resign(() => {}))).status).toBe(200); // control: re-signing alone is fine
    expect((await call(await resign((p) => (p.aud = 'something-else')))).status).toBe(401);
    expect((await call(await resign((p) => (p.iss = 'https://evil.example')))).status).toBe(401);
    expect((await call(await resign((_p, h) => (h.typ = 'JWT')))).status).toBe(401);
    expect((await call(await resign((p) => delete p.exp))).status).toBe(401);
    expect((await call(await resign((p) => delete p.site))).status).toBe(401);
    expect((await call(await resign((p) => (p.sub = 'attacker-chosen')))).status).toBe(401);
  });

  // Check: token-expiry (sessions/tokens.ts verify: an expired token is good for a renewal only).
  it('refuses an expired token with token_expired', async () => {
    const expired = await resign((p) => {
      p.iat = Math.floor(Date.now() / 1000) - 660;
      p.exp = Math.floor(Date.now() / 1000) - 60;
    });
    const res = await call(expired);
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('token_expired');
  });

  // Check: token-lifetime-max, token-iat-not-future (sessions/tokens.ts withinLifetime).
  it('refuses a validly signed token that lives longer than a session, or was issued in the future', async () => {
    const now = Math.floor(Date.now() / 1000);
    const forever = await resign((p) => {
      p.exp = now + 10 * 365 * 86_400;
    });
    const future = await resign((p) => {
      p.iat = now + 3600;
      p.exp = now + 3600 + 600;
    });
    for (const token of [forever, future]) {
      const res = await call(token);
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe('token_invalid');
    }
    // Nor can either be exchanged for a fresh session.
    const renew = await stack.session(siteA.siteKey, ORIGIN, { resume: forever });
    expect(renew.json.error.code).toBe('resume_rejected');
  });

  // Token size cap, malformed case: the signature check refuses it too; token-size-cap is caught by the genuine-signature test below.
  it('refuses an oversized token before verifying it', async () => {
    const res = await call(`${good}${'A'.repeat(5000)}`);
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('token_invalid');
  });

  // Check: token-alg-pinned (sessions/tokens.ts `algorithms: SIGNING_ALGS` and keyFor's alg match; either one refuses this).
  it('refuses a token validly signed under an algorithm we do not issue (Ed25519, not EdDSA)', async () => {
    // The service's own key and a genuine signature: only the algorithm pinning tells this token apart.
    const res = await call(await resign((_p, h) => (h.alg = 'Ed25519')));
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('token_invalid');
  });

  // Check: token-size-cap (sessions/tokens.ts verify: `token.length > LIMITS.token`, before jwtVerify).
  it('refuses an oversized token even when its signature is genuine', async () => {
    const big = await resign((p) => (p.pad = 'x'.repeat(5000)));
    expect(big.length).toBeGreaterThan(4096);
    const res = await call(big);
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('token_invalid');
  });

  // Check: token-site-binding (sessions/session-service.ts authenticate: token_site_mismatch).
  it("refuses site A's token on site B's routes (another tenant)", async () => {
    const res = await call(good, siteB);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('token_site_mismatch');
  });

  // Check: token-site-key-binding (sessions/session-service.ts authenticate `claims.siteKey !== site.siteKey`: the tenant check alone would pass).
  it("refuses site A's token on another site of the same tenant", async () => {
    const sibling = await stack.admin('POST', `/tenants/${siteA.tenantId}/sites`, {
      name: 'sibling.example',
      allowedOrigins: [ORIGIN],
      botId: siteA.botId,
    });
    expect(sibling.status).toBe(201);
    expect(sibling.json.tenantId).toBe(siteA.tenantId);
    const res = await call(good, sibling.json);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('token_site_mismatch');
  });

  // Check: token-origin-header (sessions/session-service.ts authenticate: a browser's Origin header must equal the token's origin).
  it('refuses a token replayed from another allowed origin', async () => {
    const res = await call(good, siteA, 'https://other.example');
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('origin_not_allowed');
  });
});

describe('revocation and renewal', () => {
  // Check: token-origin-still-allowed (sessions/session-service.ts authenticate: the token's origin must still be on the site's list).
  it('stops a token when its origin is removed from the site', async () => {
    const { site } = await stack.seedCustomer({ origins: [ORIGIN, 'https://two.example'] });
    const v = await stack.visitor(site.siteKey, 'https://two.example');
    expect((await v.listConversations()).status).toBe(200);
    await stack.admin('PATCH', `/sites/${site.id}`, { allowedOrigins: [ORIGIN] });
    const res = await stack.fetch(`/v1/sites/${site.siteKey}/conversations`, { headers: { authorization: `Bearer ${v.token}` } });
    expect(res.status).toBe(403);
  });

  // Check: cache-invalidate-site-update, site-suspended (sites/site-service.ts change() invalidates the site cache; http/middleware/site.ts siteGate site status).
  it('stops tokens and renewals when the site is suspended, and again when reactivated', async () => {
    const { site } = await stack.seedCustomer({ origins: [ORIGIN] });
    const v = await stack.visitor(site.siteKey, ORIGIN);
    await stack.admin('PATCH', `/sites/${site.id}`, { status: 'suspended' });
    expect((await v.listConversations()).json.error.code).toBe('site_suspended');
    expect((await stack.session(site.siteKey, ORIGIN, { resume: v.token })).status).toBe(403);
    await stack.admin('PATCH', `/sites/${site.id}`, { status: 'active' });
    expect((await v.listConversations()).status).toBe(200);
  });

  // Check: cache-invalidate-tenant-update, tenant-suspended (tenants/tenant-service.ts change() invalidates the tenant's sites; http/middleware/site.ts siteGate tenant status).
  it('stops everything for a suspended tenant', async () => {
    const { site, tenant } = await stack.seedCustomer({ origins: [ORIGIN] });
    const v = await stack.visitor(site.siteKey, ORIGIN);
    await stack.admin('PATCH', `/tenants/${tenant.id}`, { status: 'suspended' });
    expect((await v.listConversations()).status).toBe(403);
    expect((await stack.session(site.siteKey, ORIGIN)).status).toBe(403);
  });

  // Check: cache-invalidate-tenant-delete (tenants/tenant-service.ts delete, through change(), invalidates the tenant's sites at once).
  it('stops everything at once when the tenant is deleted', async () => {
    const { site, tenant } = await stack.seedCustomer({ origins: [ORIGIN] });
    const v = await stack.visitor(site.siteKey, ORIGIN);
    expect((await v.listConversations()).status).toBe(200); // the site is in the cache now
    expect((await stack.admin('DELETE', `/tenants/${tenant.id}`)).status).toBe(200);
    expect((await v.listConversations()).json.error.code).toBe('site_suspended');
    expect((await stack.session(site.siteKey, ORIGIN)).status).toBe(403);
  });

  // Check: cache-invalidate-key-rotation (sites/site-service.ts rotateKey, through change(), invalidates the cached old site key).
  it('rotating the site key stops the old key and its tokens at once', async () => {
    const { site } = await stack.seedCustomer({ origins: [ORIGIN] });
    const v = await stack.visitor(site.siteKey, ORIGIN);
    const rotated = await stack.admin('POST', `/sites/${site.id}/rotate-key`);
    expect(rotated.json.siteKey).not.toBe(site.siteKey);
    expect((await stack.session(site.siteKey, ORIGIN)).status).toBe(404);
    expect((await v.listConversations()).status).toBe(404);
    const onNewKey = await stack.fetch(`/v1/sites/${rotated.json.siteKey}/conversations`, { headers: v.headers() });
    expect(onNewKey.json.error.code).toBe('token_site_mismatch');
    const resume = await stack.session(rotated.json.siteKey, ORIGIN, { resume: v.token });
    expect(resume.json.error.code).toBe('resume_rejected');
    expect((await stack.session(rotated.json.siteKey, ORIGIN)).status).toBe(201);
  });

  // Check: resume-same-origin, resume-same-site, resume-window (sessions/session-service.ts open: the resume binding; sessions/tokens.ts verify: the resume window).
  it('renews an expired token within 30 days, same site and origin only', async () => {
    const { site } = await stack.seedCustomer({ origins: [ORIGIN, 'https://two.example'] });
    const v = await stack.visitor(site.siteKey, ORIGIN);
    stack.clockOffset = 11 * 60_000; // the token has expired
    try {
      expect((await v.listConversations()).json.error.code).toBe('token_expired');
      const renewed = await stack.session(site.siteKey, ORIGIN, { resume: v.token });
      expect(renewed.status).toBe(201);
      expect(renewed.json.visitorId).toBe(v.visitorId);
      const otherOrigin = await stack.session(site.siteKey, 'https://two.example', { resume: v.token });
      expect(otherOrigin.json.error.code).toBe('resume_rejected');
      const otherSite = await stack.session(siteA.siteKey, ORIGIN, { resume: v.token });
      expect(otherSite.json.error.code).toBe('resume_rejected');
      stack.clockOffset = 31 * 86_400_000;
      const tooLate = await stack.session(site.siteKey, ORIGIN, { resume: v.token });
      expect(tooLate.json.error.code).toBe('resume_rejected');
    } finally {
      stack.clockOffset = 0;
    }
  });

  it('refuses a forged resume token', async () => {
    const res = await stack.session(siteA.siteKey, ORIGIN, { resume: `${good.slice(0, -4)}AAAA` });
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('resume_rejected');
  });

  it('keeps tokens of the previous signing key valid after a rotation, and publishes both keys', async () => {
    const before = await stack.visitor(siteA.siteKey, ORIGIN);
    const rotated = await stack.admin('POST', '/signing-keys/rotate');
    expect(rotated.status).toBe(201);
    const jwks = (await stack.fetch('/.well-known/jwks.json')).json as { keys: JWK[] };
    expect(jwks.keys.length).toBeGreaterThanOrEqual(2);
    for (const k of jwks.keys) expect(k.d).toBeUndefined();
    expect((await before.listConversations()).status).toBe(200);
    const after = await stack.visitor(siteA.siteKey, ORIGIN);
    expect(decodeProtectedHeader(after.token).kid).not.toBe(decodeProtectedHeader(before.token).kid);
    expect((await after.listConversations()).status).toBe(200);
  });
});

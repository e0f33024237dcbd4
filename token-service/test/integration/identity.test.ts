/**
 * Signed-in visitors over real HTTP (the emulator behind the service): identity keys made through
 * the admin API, identity tokens signed as a customer's backend would, every verification rule and
 * refusal (identity/identity-service.ts verify), sessions of users (sessions/session-service.ts
 * open): the same user on every device, adoption of an anonymous conversation, isolation between
 * sites; and no log line ever holds an identity token, a subject, a name or an email.
 */
import { createSecretKey, createPublicKey } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Wire } from '@tessera/protocol';
import { exportJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityClaims, identityKeyPair, secretKey, signIdentity, unsignedIdentity } from '../../src/identity/testing/tokens.js';
import { run } from '../../src/cli/main.js';
import { Stack } from '../support/stack.js';

const ORIGIN = 'https://shop.example';
let stack: Stack;
/** Identity tokens, subjects, names and emails used here: never in a log line. */
const personal: string[] = [];

beforeAll(async () => {
  stack = await Stack.start();
});
afterAll(async () => {
  expect(stack.findLeaks()).toEqual([]);
  await stack.close();
});

const now = () => Date.now() + stack.clockOffset;
let users = 0;
/** A user of the customer's (distinct per call unless `sub` is given), recorded for the log scan. */
function user(over: { sub?: string } = {}) {
  const n = ++users;
  const claims = {
    sub: over.sub ?? `customer-user-${n}-${Math.random().toString(36).slice(2)}`,
    name: `Person Number${n}`,
    email: `person${n}@buyer.example`,
  };
  personal.push(claims.sub, claims.name, claims.email);
  return claims;
}

async function site(opts: { identityRequired?: boolean; identityAdopt?: boolean } = {}): Promise<Wire.Site> {
  return (await stack.seedCustomer({ origins: [ORIGIN], site: opts })).site;
}

async function secretOf(s: Wire.Site, graceSeconds?: number): Promise<Wire.IdentitySecret> {
  const res = await stack.admin(
    'POST',
    `/sites/${s.id}/identity-secret`,
    graceSeconds === undefined ? undefined : { graceSeconds },
  );
  expect(res.status).toBe(201);
  return res.json as Wire.IdentitySecret;
}

async function token(key: Parameters<typeof signIdentity>[0], claims: Record<string, unknown>, header: Record<string, unknown>) {
  const signed = await signIdentity(key, claims, header);
  personal.push(signed);
  return signed;
}

const hs256 = (s: Wire.Site, secret: Wire.IdentitySecret, claims: Record<string, unknown> = user(), header = {}) =>
  token(secretKey(secret.secret), identityClaims(s.siteKey, now(), claims), { alg: 'HS256', ...header });

/** A visitor's session and its helpers (like the stack's visitor, with an identity or a resume). */
async function visitor(s: Wire.Site, body: { identity?: string; resume?: string } = {}) {
  const res = await stack.session(s.siteKey, ORIGIN, body);
  if (res.status !== 201) throw new Error(`session failed: ${res.text}`);
  const session = res.json as Wire.SessionResponse;
  const headers = { origin: ORIGIN, authorization: `Bearer ${session.token}`, 'content-type': 'application/json' };
  const base = `/v1/sites/${s.siteKey}/conversations`;
  return {
    session,
    start: async () => (await stack.fetch(base, { method: 'POST', headers, body: '{}' })).json.conversationId as string,
    list: () => stack.fetch(base, { headers }),
    ask: (id: string, text: string) => {
      stack.sentTexts.push(text);
      return stack.fetch(`${base}/${id}/messages`, { method: 'POST', headers, body: JSON.stringify({ text }) });
    },
    history: (id: string) => stack.fetch(`${base}/${id}/messages`, { headers }),
  };
}

async function refused(s: Wire.Site, identity: string, status: number, code: string) {
  const res = await stack.session(s.siteKey, ORIGIN, { identity });
  expect({ status: res.status, code: res.json?.error?.code }).toEqual({ status, code });
  return res;
}

describe('identity tokens that verify', () => {
  it('HS256 with the site secret: an identified session, the same visitor on every device', async () => {
    const s = await site();
    const secret = await secretOf(s);
    const ada = user();
    const one = await visitor(s, { identity: await hs256(s, secret, ada) });
    const two = await visitor(s, { identity: await hs256(s, secret, ada) });
    expect(one.session.identified).toBe(true);
    expect(two.session.visitorId).toBe(one.session.visitorId);
    const anonymous = await visitor(s);
    expect(anonymous.session.identified).toBe(false);
  });

  it.each(['EdDSA', 'ES256'] as const)('%s with the public key the customer registered', async (alg) => {
    const s = await site();
    const pair = identityKeyPair(alg);
    const added = await stack.admin('POST', `/sites/${s.id}/identity-keys`, { alg, publicKey: pair.pem });
    expect(added.status).toBe(201);
    const signed = await token(pair.privateKey, identityClaims(s.siteKey, now(), user()), { alg, kid: added.json.kid });
    expect((await visitor(s, { identity: signed })).session.identified).toBe(true);
  });
});

describe('identity tokens that are refused', () => {
  it('alg none', async () => {
    const s = await site();
    await secretOf(s);
    const unsigned = unsignedIdentity(identityClaims(s.siteKey, now(), user()), 'c2lnbmF0dXJl');
    personal.push(unsigned);
    await refused(s, unsigned, 401, 'identity_invalid');
  });

  it("HS256 keyed with the registered public key's PEM", async () => {
    const s = await site();
    const pair = identityKeyPair('ES256');
    await stack.admin('POST', `/sites/${s.id}/identity-keys`, { alg: 'ES256', publicKey: pair.pem });
    const forged = await token(createSecretKey(Buffer.from(pair.pem)), identityClaims(s.siteKey, now(), user()), {
      alg: 'HS256',
    });
    await refused(s, forged, 401, 'identity_invalid');
  });

  it('a header with jwk, jku or x5u, or a kid that is not the site key, even when signed with the right key', async () => {
    const s = await site();
    const secret = await secretOf(s);
    const pair = identityKeyPair('EdDSA');
    await stack.admin('POST', `/sites/${s.id}/identity-keys`, { alg: 'EdDSA', publicKey: pair.pem });
    const claims = identityClaims(s.siteKey, now(), user());
    const attacker = identityKeyPair('EdDSA');
    await refused(
      s,
      await token(attacker.privateKey, claims, { alg: 'EdDSA', jwk: await attacker.jwk() }),
      401,
      'identity_invalid',
    );
    for (const header of [
      { jwk: await exportJWK(createPublicKey(pair.pem)) },
      { jku: `${stack.emulatorUrl}/jwks.json` },
      { x5u: `${stack.emulatorUrl}/cert.pem` },
      { kid: secret.kid }, // the site's HS256 secret's kid on an EdDSA token
    ]) {
      await refused(s, await token(pair.privateKey, claims, { alg: 'EdDSA', ...header }), 401, 'identity_invalid');
    }
  });

  it('aud of another site: identity_wrong_site', async () => {
    const [s, other] = [await site(), await site()];
    const secret = await secretOf(s);
    await refused(s, await hs256(s, secret, { ...user(), aud: other.siteKey }), 401, 'identity_wrong_site');
    await refused(s, await hs256(other, await secretOf(other)), 401, 'identity_wrong_site');
  });

  it('expired; exp - iat over 600 s; iat over 30 s in the future; no sub', async () => {
    const s = await site();
    const secret = await secretOf(s);
    const t = Math.floor(now() / 1000);
    await refused(s, await hs256(s, secret, { ...user(), iat: t - 300, exp: t - 40 }), 401, 'identity_expired');
    await refused(s, await hs256(s, secret, { ...user(), iat: t, exp: t + 601 }), 401, 'identity_invalid');
    await refused(s, await hs256(s, secret, { ...user(), iat: t + 45, exp: t + 300 }), 401, 'identity_invalid');
    await refused(s, await hs256(s, secret, { ...user(), sub: undefined }), 401, 'identity_invalid');
  });

  it('a rotated-out secret verifies inside its grace period and is refused after it', async () => {
    const s = await site();
    const old = await secretOf(s);
    await secretOf(s, 600);
    try {
      stack.clockOffset = 500_000;
      expect((await visitor(s, { identity: await hs256(s, old) })).session.identified).toBe(true);
      stack.clockOffset = 700_000;
      await refused(s, await hs256(s, old), 401, 'identity_invalid');
    } finally {
      stack.clockOffset = 0;
    }
  });

  it('a site with no identity key: 400 identity_not_configured', async () => {
    const s = await site();
    await refused(
      s,
      await hs256(s, { secret: 'not-a-secret-of-this-site' } as Wire.IdentitySecret),
      400,
      'identity_not_configured',
    );
  });
});

describe('sessions of signed-in users', () => {
  it('identityRequired: no session without an identity; an identified session still renews, as the same user', async () => {
    const s = await site({ identityRequired: true });
    const secret = await secretOf(s);
    const none = await stack.session(s.siteKey, ORIGIN);
    expect({ status: none.status, code: none.json.error.code }).toEqual({ status: 401, code: 'identity_required' });
    const config = await stack.fetch(`/v1/sites/${s.siteKey}/config`, { headers: { origin: ORIGIN } });
    expect(config.json.identityRequired).toBe(true);
    const ada = await visitor(s, { identity: await hs256(s, secret) });
    const renewed = await visitor(s, { resume: ada.session.token });
    expect(renewed.session).toMatchObject({ visitorId: ada.session.visitorId, identified: true });
  });

  it("adoption: the anonymous conversation becomes the user's, readable on another device", async () => {
    const s = await site();
    const secret = await secretOf(s);
    const grace = user();
    const anonymous = await visitor(s);
    const id = await anonymous.start();
    expect((await anonymous.ask(id, 'When are you open today?')).status).toBe(200);
    const signedIn = await visitor(s, { identity: await hs256(s, secret, grace), resume: anonymous.session.token });
    expect(signedIn.session.visitorId).not.toBe(anonymous.session.visitorId);
    // The anonymous token no longer opens it.
    expect((await anonymous.history(id)).status).toBe(404);
    // Another device: a fresh session with the same identity, no resume.
    const laptop = await visitor(s, { identity: await hs256(s, secret, grace) });
    expect((await laptop.list()).json.items.map((c: { conversationId: string }) => c.conversationId)).toEqual([id]);
    const history = await laptop.history(id);
    expect(history.status).toBe(200);
    expect(history.json.items.map((m: { text: string }) => m.text)).toContain('When are you open today?');
    expect((await laptop.ask(id, 'And tomorrow, are you open?')).status).toBe(200);
  });

  it('no adoption when the site turned it off', async () => {
    const s = await site({ identityAdopt: false });
    const secret = await secretOf(s);
    const anonymous = await visitor(s);
    const id = await anonymous.start();
    const signedIn = await visitor(s, { identity: await hs256(s, secret), resume: anonymous.session.token });
    expect((await signedIn.list()).json.items).toEqual([]);
    expect((await anonymous.history(id)).status).toBe(200);
  });

  it("another site's user with the same subject is another visitor, and its conversations stay its own", async () => {
    const [a, b] = [await site(), await site()];
    const [sa, sb] = [await secretOf(a), await secretOf(b)];
    const same = user();
    const onA = await visitor(a, { identity: await hs256(a, sa, same) });
    const onB = await visitor(b, { identity: await hs256(b, sb, same) });
    expect(onB.session.visitorId).not.toBe(onA.session.visitorId);
    const id = await onA.start();
    expect((await onB.list()).json.items).toEqual([]);
    // The user's conversation id, asked for on the other site: 404 and no upstream call.
    const before = stack.emulator.requests.length;
    const read = await onB.history(id);
    expect({ status: read.status, code: read.json.error.code }).toEqual({ status: 404, code: 'conversation_not_found' });
    expect((await onB.ask(id, 'let me read that one')).status).toBe(404);
    expect(stack.emulator.requests.length).toBe(before);
  });
});

describe('the CLI', () => {
  async function cli(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const env = { ...process.env, TESSERA_URL: stack.url, TESSERA_ADMIN_TOKEN: stack.adminToken, INIT_CWD: dir };
    const code = await run(
      argv,
      (line) => out.push(line),
      (line) => err.push(line),
      env,
    );
    return { code, out: out.join('\n'), err: err.join('\n') };
  }
  let dir = '';

  it('makes a secret, adds a public key from a file, lists, removes, and sets the site switches', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tessera-identity-'));
    try {
      const s = await site();
      const made = await cli('sites', 'identity-secret', s.id, '--grace', '60', '--json');
      expect(made.code).toBe(0);
      const secret = JSON.parse(made.out) as Wire.IdentitySecret;
      personal.push(secret.secret);
      expect((await visitor(s, { identity: await hs256(s, secret) })).session.identified).toBe(true);

      await writeFile(join(dir, 'key.pem'), identityKeyPair('ES256').pem);
      const added = await cli('sites', 'identity-key-add', s.id, '--alg', 'ES256', '--public-key-file', 'key.pem', '--json');
      expect(added.code).toBe(0);
      const key = JSON.parse(added.out) as Wire.IdentityKey;
      const listed = await cli('sites', 'identity-keys', s.id, '--json');
      expect(JSON.parse(listed.out).items.map((k: Wire.IdentityKey) => k.kid)).toEqual([secret.kid, key.kid]);
      expect(listed.out).not.toContain(secret.secret);
      expect((await cli('sites', 'identity-key-remove', s.id, key.kid)).code).toBe(0);
      expect(JSON.parse((await cli('sites', 'identity-keys', s.id, '--json')).out).items).toHaveLength(1);

      const updated = await cli('sites', 'update', s.id, '--identity-required', 'yes', '--identity-adopt', 'no', '--json');
      expect(JSON.parse(updated.out)).toMatchObject({ identityRequired: true, identityAdopt: false });

      const bad = await cli('sites', 'identity-key-add', s.id, '--alg', 'HS256', '--public-key-file', 'key.pem');
      expect([bad.code, bad.err]).toEqual([2, expect.stringContaining('--alg must be "EdDSA" or "ES256"')]);
      expect((await cli('sites', 'identity-secret', s.id, '--grace', 'a week')).code).toBe(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('identity in logs', () => {
  it('no log line holds an identity token, a subject, a name or an email; no refusal echoes them', () => {
    expect(personal.length).toBeGreaterThan(30);
    expect(stack.logs.length).toBeGreaterThan(30);
    const inLogs = personal.filter((value) => stack.logs.some((line) => line.includes(value)));
    expect(inLogs).toEqual([]);
    const refusals = stack.captured.filter((c) => c.status >= 400).map((c) => c.body);
    expect(personal.filter((value) => refusals.some((body) => body.includes(value)))).toEqual([]);
  });
});

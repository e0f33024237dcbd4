/**
 * The portal over HTTP against the real service and store: invites and sign-in links, passwords,
 * sessions and their revocation, roles and tenant isolation, CSRF, the brand kit's uploads and the
 * audit log. Every answer is captured and searched for secrets at the end.
 */
import { deflateSync } from 'node:zlib';
import type { Wire } from '@tessera/protocol';
import type { PortalPerson } from '@tessera/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Stack } from '../support/stack.js';

let stack: Stack;
let velo: Wire.Onboarding;
let dental: Wire.Onboarding;
const PASSWORD = 'a long enough passphrase';

beforeAll(async () => {
  stack = await Stack.start({ env: { RATE_SIGN_INS_PER_ACCOUNT_PER_HOUR: '5' } });
  velo = await stack.seedCustomer({ name: 'Velo Bikes' });
  dental = await stack.seedCustomer({ name: 'Bright Smile Dental' });
});
afterAll(async () => {
  expect(stack.findLeaks()).toEqual([]);
  await stack.close();
});

/** An operator invited through the admin API (as `pnpm tessera operators invite` does), signed in through the link. */
async function operator(email = `op-${Math.random().toString(36).slice(2, 8)}@partner.example`): Promise<PortalPerson> {
  const invite = await stack.admin('POST', '/operators', { email });
  expect(invite.status).toBe(201);
  const op = stack.person();
  const { used } = await op.useLink(invite.json.inviteUrl);
  expect(used.status).toBe(303);
  return op;
}

async function member(
  tenantId: string,
  role: Wire.Role,
  email = `${role}-${Math.random().toString(36).slice(2, 8)}@customer.example`,
) {
  const invite = await stack.admin('POST', `/tenants/${tenantId}/members`, { email, role });
  expect(invite.status, invite.text).toBe(201);
  const person = stack.person();
  const { used } = await person.useLink(invite.json.inviteUrl);
  expect(used.status).toBe(303);
  return { person, memberId: invite.json.id as string, email };
}

function png(width: number, height: number): Uint8Array<ArrayBuffer> {
  const crc = (buf: Buffer) => {
    let c = ~0;
    for (const b of buf) {
      c ^= b;
      for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
    }
    return ~c >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.concat(Array.from({ length: height }, () => Buffer.from([0, ...Array(width).fill([37, 99, 235]).flat()])));
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

describe('invite links', () => {
  it('the GET shows one button and uses nothing (mail scanners); the POST signs in once, 303 to the portal', async () => {
    const invite = await stack.admin('POST', '/operators', { email: 'first-op@partner.example' });
    expect(invite.json).toMatchObject({ email: 'first-op@partner.example' });
    expect(invite.json.expiresAt - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    const path = new URL(invite.json.inviteUrl).pathname;
    const op = stack.person();

    for (let i = 0; i < 3; i++) {
      const page = await op.call('GET', path);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.text).toContain('first-op@partner.example');
      expect(page.text).toContain('<form method="post">');
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(page.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    }
    const used = await op.call('POST', path);
    expect([used.status, used.headers.get('location')]).toEqual([303, '/portal/account?welcome=1']);
    expect((await op.call('GET', 'me')).json).toMatchObject({
      email: 'first-op@partner.example',
      kind: 'operator',
      memberships: [],
    });

    // One use: the same link again is a dead link page (410), for a GET and a POST alike.
    const again = stack.person();
    expect((await again.call('GET', path)).status).toBe(410);
    expect((await again.call('POST', path)).status).toBe(410);
    expect(again.cookie).toBeNull();
  });

  it('sets a __Host- cookie: HttpOnly, Secure, SameSite=Lax, Path=/, no Domain; a new session id at every sign-in', async () => {
    const op = await operator();
    const cookie = op.lastSetCookie!;
    expect(cookie).toMatch(/^__Host-portal=[\w-]{43}; /);
    for (const attr of ['Path=/', 'HttpOnly', 'Secure', 'SameSite=Lax']) expect(cookie).toContain(attr);
    expect(cookie).not.toMatch(/Domain=/i);
    const first = op.cookie;
    await op.call('PUT', 'me/password', { password: PASSWORD });
    const me = (await op.call('GET', 'me')).json;
    expect((await op.signIn(me.email, PASSWORD)).status).toBe(200);
    expect(op.cookie).not.toBe(first);
  });

  it('a login link lasts 5 minutes and one use; a forged or unknown token is a dead link', async () => {
    const { memberId } = await member(velo.tenant.id, 'editor');
    const link = await stack.admin('POST', `/tenants/${velo.tenant.id}/login-links`, { memberId });
    expect(link.status).toBe(201);
    expect(link.json.expiresAt - Date.now()).toBeLessThanOrEqual(5 * 60_000);
    expect(link.json.expiresAt - Date.now()).toBeGreaterThan(4 * 60_000);
    const person = stack.person();
    expect((await person.useLink(link.json.url)).used.status).toBe(303);
    expect((await stack.person().useLink(link.json.url)).used.status).toBe(410);
    expect((await stack.person().call('GET', `/portal/links/${'x'.repeat(43)}`)).status).toBe(410);
    expect((await stack.person().call('GET', '/portal/links/short')).status).toBe(410);
  });

  it("a login link for another customer's member is 404 member_not_found", async () => {
    const { memberId } = await member(velo.tenant.id, 'viewer');
    const res = await stack.admin('POST', `/tenants/${dental.tenant.id}/login-links`, { memberId });
    expect([res.status, res.json.error.code]).toEqual([404, 'member_not_found']);
  });
});

// Check: password-verify, sign-in-throttle-account (sign-in/sign-in-service.ts SignInService.signInWithPassword).
describe('passwords and throttling', () => {
  it('signs in with the right password; a wrong password and an unknown email get the same 401', async () => {
    const op = await operator('pw-op@partner.example');
    expect((await op.call('PUT', 'me/password', { password: 'too short' })).json.error.issues[0].path).toBe('password');
    expect((await op.call('PUT', 'me/password', { password: PASSWORD })).status).toBe(204);
    // Changing it needs the current one.
    const change = await op.call('PUT', 'me/password', { password: `${PASSWORD}!` });
    expect([change.status, change.json.error.issues[0].path]).toEqual([400, 'currentPassword']);

    const fresh = stack.person();
    const ok = await fresh.signIn('PW-OP@partner.example', PASSWORD);
    expect([ok.status, ok.json.email]).toEqual([200, 'pw-op@partner.example']);
    const wrong = await stack.person().signIn('pw-op@partner.example', 'not the password at all');
    const unknown = await stack.person().signIn('nobody@partner.example', 'not the password at all');
    expect([wrong.status, wrong.json.error]).toEqual([401, expect.objectContaining({ code: 'sign_in_failed' })]);
    expect(unknown.json.error.message).toBe(wrong.json.error.message);
  });

  it('a right password does not use up the account budget: many sign-ins in a row are fine', async () => {
    const op = await operator('often@partner.example');
    await op.call('PUT', 'me/password', { password: PASSWORD });
    for (let i = 0; i < 7; i++) expect((await stack.person().signIn('often@partner.example', PASSWORD)).status).toBe(200);
  });

  it("changing the password ends every other session; signing in again ends the browser's old one", async () => {
    const op = await operator('changer@partner.example');
    await op.call('PUT', 'me/password', { password: PASSWORD });
    const other = stack.person();
    await other.signIn('changer@partner.example', PASSWORD);
    expect((await op.call('PUT', 'me/password', { password: `${PASSWORD} 2`, currentPassword: PASSWORD })).status).toBe(204);
    expect((await other.call('GET', 'me')).status).toBe(401);
    expect((await op.call('GET', 'me')).status).toBe(200);

    const before = op.cookie;
    await op.signIn('changer@partner.example', `${PASSWORD} 2`);
    const stale = stack.person();
    stale.cookie = before;
    expect((await stale.call('GET', 'me')).status).toBe(401);
    expect((await op.call('GET', 'me')).status).toBe(200);
  });

  it("the portal API's answers are never cached or read by another origin", async () => {
    const op = await operator();
    for (const path of ['me', 'customers', 'operators']) {
      const res = await op.call('GET', path);
      expect([res.headers.get('cache-control'), res.headers.get('cross-origin-resource-policy')], path).toEqual([
        'no-store',
        'same-origin',
      ]);
    }
  });

  it('throttles sign-in per account (5 an hour here): then 429 with Retry-After, even with the right password', async () => {
    const op = await operator('throttled@partner.example');
    await op.call('PUT', 'me/password', { password: PASSWORD });
    for (let i = 0; i < 5; i++)
      expect((await stack.person().signIn('throttled@partner.example', 'wrong password here')).status).toBe(401);
    const limited = await stack.person().signIn('throttled@partner.example', PASSWORD);
    expect([limited.status, limited.json.error.code]).toEqual([429, 'rate_limited']);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

// Check: suspended-tenant-members (sign-in/sign-in-service.ts principalOf).
describe('sessions', () => {
  it('sign out ends this session only; sign out everywhere ends all of them', async () => {
    const op = await operator('sessions@partner.example');
    await op.call('PUT', 'me/password', { password: PASSWORD });
    const laptop = stack.person();
    const phone = stack.person();
    await laptop.signIn('sessions@partner.example', PASSWORD);
    await phone.signIn('sessions@partner.example', PASSWORD);

    const out = await laptop.call('DELETE', 'session');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^__Host-portal=; .*Max-Age=0/);
    const stale = stack.person();
    stale.cookie = op.cookie;
    expect((await phone.call('GET', 'me')).status).toBe(200);

    expect((await phone.call('DELETE', 'sessions')).status).toBe(204);
    expect((await stale.call('GET', 'me')).json.error.code).toBe('unauthenticated');
    for (const p of [op, phone]) {
      p.cookie = p.cookie ?? op.cookie;
      expect((await p.call('GET', 'me')).status).toBe(401);
    }
  });

  it('a removed membership and a suspended customer take effect at the next request', async () => {
    const owner = await member(velo.tenant.id, 'owner');
    const viewer = await member(velo.tenant.id, 'viewer');
    expect((await viewer.person.call('GET', `tenants/${velo.tenant.id}`)).status).toBe(200);
    expect((await owner.person.call('DELETE', `tenants/${velo.tenant.id}/members/${viewer.memberId}`)).status).toBe(204);
    // Their only membership: signed out everywhere.
    expect((await viewer.person.call('GET', 'me')).status).toBe(401);

    const suspended = await stack.seedCustomer({ name: 'Soon Suspended' });
    const m = await member(suspended.tenant.id, 'owner');
    expect((await m.person.call('GET', `tenants/${suspended.tenant.id}`)).status).toBe(200);
    await stack.admin('PATCH', `/tenants/${suspended.tenant.id}`, { status: 'suspended' });
    expect((await m.person.call('GET', `tenants/${suspended.tenant.id}`)).status).toBe(404);
    expect((await m.person.call('GET', 'me')).json.memberships).toEqual([]);
  });
});

describe('roles and isolation', () => {
  it("a member sees only their customer: another customer's page, members and bots are 404 with no upstream call", async () => {
    const { person } = await member(velo.tenant.id, 'owner');
    const me = (await person.call('GET', 'me')).json;
    expect(me).toMatchObject({
      kind: 'member',
      memberships: [{ tenantId: velo.tenant.id, tenantName: 'Velo Bikes', role: 'owner' }],
    });
    const before = stack.emulator.requests.length;
    for (const path of ['', '/members', '/bots']) {
      const res = await person.call('GET', `tenants/${dental.tenant.id}${path}`);
      expect([res.status, res.json.error.code], path).toEqual([404, 'tenant_not_found']);
    }
    const invite = await person.call('POST', `tenants/${dental.tenant.id}/members`, { email: 'x@y.example', role: 'owner' });
    expect(invite.status).toBe(404);
    expect(stack.emulator.requests.length).toBe(before);
    // Their own customer's bots do reach ChatBotKit, as that customer.
    expect((await person.call('GET', `tenants/${velo.tenant.id}/bots`)).json.items).toHaveLength(1);
  });

  it('a viewer reads but changes nothing; an owner manages members; the console is for operators', async () => {
    const viewer = (await member(velo.tenant.id, 'viewer')).person;
    expect((await viewer.call('GET', `tenants/${velo.tenant.id}/members`)).status).toBe(200);
    const invite = await viewer.call('POST', `tenants/${velo.tenant.id}/members`, { email: 'v2@velo.example', role: 'viewer' });
    expect([invite.status, invite.json.error.code]).toEqual([403, 'forbidden']);
    expect((await viewer.call('GET', 'customers')).status).toBe(403);
    expect((await viewer.call('PUT', 'brand', { productName: 'Mine now' })).status).toBe(403);

    const owner = (await member(velo.tenant.id, 'owner')).person;
    const ok = await owner.call('POST', `tenants/${velo.tenant.id}/members`, {
      email: 'new-editor@velo.example',
      role: 'editor',
    });
    expect(ok.status).toBe(201);
    expect(ok.json.inviteUrl).toMatch(/\/portal\/links\/[\w-]{43}$/);
  });

  it('an owner resends a pending invite: the new link works, the old one no longer', async () => {
    const owner = (await member(velo.tenant.id, 'owner')).person;
    const first = await owner.call('POST', `tenants/${velo.tenant.id}/members`, { email: 'slow@velo.example', role: 'viewer' });
    const again = await owner.call('POST', `tenants/${velo.tenant.id}/members/${first.json.id}/invite`);
    expect([again.status, again.json.existingAccount]).toEqual([201, false]);
    expect(again.json.inviteUrl).not.toBe(first.json.inviteUrl);
    expect((await stack.person().useLink(first.json.inviteUrl)).used.status).toBe(410);
    expect((await stack.person().useLink(again.json.inviteUrl)).used.status).toBe(303);
    // Signed in now: nothing to resend.
    const late = await owner.call('POST', `tenants/${velo.tenant.id}/members/${first.json.id}/invite`);
    expect([late.status, late.json.error.code]).toEqual([409, 'conflict']);
  });

  it('a customer keeps at least one owner', async () => {
    const lone = await stack.seedCustomer({ name: 'Lone Owner Ltd' });
    const { person, memberId } = await member(lone.tenant.id, 'owner');
    const demote = await person.call('PATCH', `tenants/${lone.tenant.id}/members/${memberId}`, { role: 'viewer' });
    expect([demote.status, demote.json.error.code]).toEqual([409, 'conflict']);
  });
});

describe('what an inviter gets', () => {
  // Check: invite-existing-account (members/member-service.ts MemberService.invite).
  it('inviting someone who already has an account adds them, but gives the inviter no way into that account', async () => {
    const victim = await member(dental.tenant.id, 'owner', 'boss@dental.example');
    const attacker = (await member(velo.tenant.id, 'owner')).person;
    const invite = await attacker.call('POST', `tenants/${velo.tenant.id}/members`, {
      email: 'boss@dental.example',
      role: 'viewer',
    });
    expect(invite.status).toBe(201);
    expect(invite.json).toMatchObject({ existingAccount: true, inviteUrl: `${stack.url}/portal/sign-in` });
    // The sign-in page is only a page: nobody is signed in by opening it.
    const opener = stack.person();
    await opener.call('GET', new URL(invite.json.inviteUrl).pathname);
    expect(opener.cookie).toBeNull();
    // The victim sees both customers at their next request.
    expect((await victim.person.call('GET', 'me')).json.memberships.map((m: Wire.Membership) => m.tenantName).sort()).toEqual([
      'Bright Smile Dental',
      'Velo Bikes',
    ]);
  });

  it("an earlier inviter's unused link dies when the person is added elsewhere", async () => {
    const first = await stack.admin('POST', `/tenants/${velo.tenant.id}/members`, { email: 'twice@x.example', role: 'viewer' });
    expect(first.json.existingAccount).toBe(false);
    const second = await stack.admin('POST', `/tenants/${dental.tenant.id}/members`, {
      email: 'twice@x.example',
      role: 'viewer',
    });
    expect(second.json.existingAccount).toBe(true);
    expect((await stack.person().useLink(first.json.inviteUrl)).used.status).toBe(410);
  });
});

describe('bad input', () => {
  it('control characters and malformed ids are 4xx with a stable code, never a 500', async () => {
    const op = await operator();
    await op.call('PUT', 'me/password', { password: PASSWORD });
    const cases: [string, string, unknown?][] = [
      ['GET', '/portal/brand/%00'],
      ['GET', 'customers?q=%00'],
      ['GET', 'audit?actor=%00'],
      ['GET', 'audit?action=a%00b'],
      ['GET', 'audit?before=abc'],
      ['DELETE', 'passkeys/%00'],
      ['DELETE', 'passkeys/pw_nope'],
      ['DELETE', 'operators/%00'],
      ['POST', 'passkeys', { challengeId: '\u0000', response: {} }],
      ['POST', 'passkey-sign-in', { challengeId: 'a'.repeat(32), response: { id: '\u0000' } }],
      ['POST', 'passkey-sign-in', { challengeId: '\u0000', response: {} }],
    ];
    for (const [method, path, body] of cases) {
      const res = await op.call(method, path, body);
      expect(res.status, `${method} ${path}: ${res.text}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${method} ${path}: ${res.text}`).toBeLessThan(500);
      expect(res.json?.error?.code ?? 'html', `${method} ${path}`).toMatch(/^[a-z_]+$/);
    }
  });
});

describe('CSRF', () => {
  it('refuses unsafe requests from another origin or none, before anything runs', async () => {
    const op = await operator();
    for (const origin of ['https://evil.example', 'null']) {
      const res = await op.call('PUT', 'brand', { productName: 'Hijacked' }, { origin });
      expect([res.status, res.json.error.code]).toEqual([403, 'csrf_rejected']);
    }
    const noOrigin = await fetch(`${stack.url}/portal/api/session`, {
      method: 'DELETE',
      headers: { cookie: `__Host-portal=${op.cookie}` },
    });
    expect(noOrigin.status).toBe(403);
    expect((await op.call('GET', 'me')).status).toBe(200);
    expect((await stack.fetch('/portal/api/brand')).json.productName).not.toBe('Hijacked');
  });
});

// Check: brand-image-type (brand/brand-service.ts BrandService.putImage).
describe('the brand kit', () => {
  it('takes a PNG checked from its bytes, refuses SVG and other files, and limits the size', async () => {
    const op = await operator();
    const upload = (bytes: Uint8Array<ArrayBuffer> | string, type: string) =>
      stack.fetch('/portal/api/brand/images/logoLight', {
        method: 'PUT',
        headers: { origin: op.origin, cookie: `__Host-portal=${op.cookie}`, 'content-type': type },
        body: bytes,
      });
    const ok = await upload(png(16, 16), 'image/png');
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json.images.logoLight).toMatch(/^\/portal\/brand\/logoLight\?v=[0-9a-f]{12}$/);
    const served = await fetch(`${stack.url}${ok.json.images.logoLight}`);
    expect([served.status, served.headers.get('content-type')]).toEqual([200, 'image/png']);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(png(16, 16));

    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
    for (const [bytes, type] of [
      [svg, 'image/svg+xml'],
      [svg, 'image/png'],
      ['GIF89a not really', 'image/png'],
    ] as const) {
      const res = await upload(bytes, type);
      expect([res.status, res.json.error.code], type).toEqual([422, 'invalid_image']);
    }
    const big = new Uint8Array(300 * 1024);
    big.set(png(1, 1));
    expect((await upload(big, 'image/png')).json.error.code).toBe('payload_too_large');
    expect(
      (
        await stack.fetch('/portal/api/brand/images/banner', {
          method: 'PUT',
          headers: { origin: op.origin, cookie: `__Host-portal=${op.cookie}`, 'content-type': 'image/png' },
          body: png(1, 1),
        })
      ).status,
    ).toBe(404);
  });

  it('is shown to everyone (the sign-in page) and changed by operators and the admin API alike', async () => {
    const op = await operator();
    const put = await op.call('PUT', 'brand', {
      productName: 'Partner Chat',
      accentColor: '#0f766e',
      supportEmail: 'help@partner.example',
    });
    expect(put.json).toMatchObject({ productName: 'Partner Chat', accentColor: '#0f766e', supportEmail: 'help@partner.example' });
    const bad = await op.call('PUT', 'brand', { accentColor: 'teal', productName: 'Partner Chat' });
    expect([bad.status, bad.json.error.issues[0].path]).toEqual([400, 'accentColor']);
    expect((await stack.fetch('/portal/api/brand')).json.productName).toBe('Partner Chat');
    expect((await stack.admin('GET', '/brand')).json.accentColor).toBe('#0f766e');
    const css = await stack.fetch('/portal/brand.css');
    expect(css.text).toContain('--brand-accent:#0f766e');
    // The link page carries the brand.
    const invite = await stack.admin('POST', '/operators', { email: 'branded@partner.example' });
    const page = await stack.person().call('GET', new URL(invite.json.inviteUrl).pathname);
    expect(page.text).toContain('Welcome to Partner Chat');
    expect(page.text).not.toContain('Tessera');
  });
});

describe('the console', () => {
  it('onboards a customer with its first owner in one step, and lists customers with search, sort and paging', async () => {
    const op = await operator();
    const made = await op.call('POST', 'onboardings', {
      tenant: { name: 'Acme Dental', quotas: { messagesPerDay: 500 } },
      bot: { backstory: 'You answer for Acme Dental.' },
      site: { allowedOrigins: ['https://acme-dental.example'], title: 'Acme Dental' },
      owner: { email: 'owner@acme-dental.example' },
    });
    expect(made.status, made.text).toBe(201);
    expect(made.json.invite).toMatchObject({ email: 'owner@acme-dental.example', role: 'owner' });
    const owner = stack.person();
    expect((await owner.useLink(made.json.invite.inviteUrl)).used.status).toBe(303);
    expect((await owner.call('GET', 'me')).json.memberships).toEqual([
      { tenantId: made.json.tenant.id, tenantName: 'Acme Dental', role: 'owner' },
    ]);

    const page = await op.call('GET', 'customers?q=acme&sort=name');
    expect(page.json.total).toBe(1);
    expect(page.json.items[0]).toMatchObject({ name: 'Acme Dental', sites: 1, messagesPerDay: 500, messagesToday: 0 });
    expect(page.json.items[0].daily).toHaveLength(14);
    const all = await op.call('GET', 'customers?sort=name&dir=desc&pageSize=2&page=1');
    expect(all.json.items.map((r: { name: string }) => r.name)).toEqual(
      [...all.json.items.map((r: { name: string }) => r.name)].sort((a: string, b: string) => b.localeCompare(a)),
    );
    expect((await op.call('GET', 'customers?q=%25')).json.total).toBe(0);
    expect((await op.call('GET', 'customers?sort=password')).json.error.code).toBe('invalid_request');

    const detail = await op.call('GET', `tenants/${made.json.tenant.id}`);
    expect(detail.json).toMatchObject({ tenant: { name: 'Acme Dental' }, members: [{ email: 'owner@acme-dental.example' }] });
  });

  it('keeps an audit log of every change, by whom, from where, and never the values sent', async () => {
    const op = await operator('auditor@partner.example');
    await op.call('PUT', 'me/password', { password: PASSWORD });
    await op.call('PATCH', `tenants/${velo.tenant.id}`, { quotas: { messagesPerDay: 1234 } });
    const log = (await op.call('GET', 'audit?actor=auditor@partner.example')).json;
    expect(log.items.map((e: Wire.AuditEntry) => e.action)).toEqual(['updateCustomer', 'setPassword', 'useLink']);
    expect(log.items[0]).toMatchObject({
      targetType: 'tenant',
      targetId: velo.tenant.id,
      tenantId: velo.tenant.id,
      ip: '127.0.0.1',
    });
    expect(JSON.stringify(log)).not.toContain(PASSWORD);
    const admin = (await stack.admin('GET', `/audit?action=inviteOperator&limit=1`)).json;
    expect(admin.items[0]).toMatchObject({ actor: 'admin-api', action: 'inviteOperator', targetType: 'account' });
    expect(admin.next).not.toBeNull();
    // Append-only: the store refuses edits.
    await expect(stack.db.query(`UPDATE audit_log SET actor = 'nobody'`)).rejects.toThrow(/append-only/);
  });

  it('never shows a sub-account id, the partner token or a password hash (the secret scan at the end checks every answer)', async () => {
    const op = await operator();
    const answers = [
      await op.call('GET', 'customers'),
      await op.call('GET', `tenants/${velo.tenant.id}`),
      await op.call('GET', 'audit'),
      await op.call('GET', 'operators'),
    ];
    for (const a of answers) expect(a.status).toBe(200);
    expect(stack.secrets().length).toBeGreaterThan(1);
  });
});

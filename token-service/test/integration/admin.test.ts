/** The partner's admin API over HTTP: auth, validation, and what each operation does upstream. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Wire } from '@tessera/protocol';
import { Stack } from '../support/stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await Stack.start();
});
afterAll(async () => {
  expect(stack.findLeaks()).toEqual([]);
  await stack.close();
});

describe('admin auth (middleware/admin-auth.ts)', () => {
  // Check: admin-token (http/middleware/admin-auth.ts; that it runs in constant time is not observable over HTTP: admin-auth.test.ts spies on it).
  it.each([undefined, 'Bearer wrong', `Bearer ${'x'.repeat(40)}`, 'Basic abc', 'Bearer'])('refuses %s', async (auth) => {
    const res = await stack.fetch('/admin/v1/tenants', { headers: auth ? { authorization: auth } : {} });
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('admin_unauthorized');
  });

  // Check: admin-token (http/middleware/admin-auth.ts digest comparison).
  it('refuses the admin token with a suffix or prefix', async () => {
    for (const t of [`${stack.adminToken}x`, stack.adminToken.slice(1)]) {
      const res = await stack.fetch('/admin/v1/tenants', { headers: { authorization: `Bearer ${t}` } });
      expect(res.status).toBe(401);
    }
  });
});

describe('tenants', () => {
  it('creates a sub-account upstream and never shows its id', async () => {
    const before = stack.users().length;
    const res = await stack.admin('POST', '/tenants', {
      name: 'Acme Dental',
      email: 'ops@acme.example',
      quotas: { messagesPerDay: 500 },
    });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      id: expect.stringMatching(/^tn_/),
      name: 'Acme Dental',
      status: 'active',
      quotas: { messagesPerDay: 500 },
      createdAt: expect.any(Number),
      updatedAt: expect.any(Number),
      deletedAt: null,
    });
    expect(stack.users().length).toBe(before + 1);
    const call = stack.emulator.requests.at(-1)!;
    expect(call.path).toMatch(/\/partner\/user\/create$/);
    expect(call.headers['x-runas-user-id']).toBeUndefined();
    expect(call.body).toMatchObject({ name: 'Acme Dental', email: 'ops@acme.example', meta: { tesseraTenantId: res.json.id } });

    const got = await stack.admin('GET', `/tenants/${res.json.id}`);
    expect(got.json).toEqual(res.json);
    expect((await stack.admin('GET', '/tenants')).json.items.map((t: { id: string }) => t.id)).toContain(res.json.id);
  });

  it('validates input with stable codes', async () => {
    for (const body of [
      {},
      { name: '' },
      { name: 'x'.repeat(121) },
      { name: 'A', extra: 1 },
      { name: 'A', quotas: { messagesPerDay: -1 } },
    ]) {
      const res = await stack.admin('POST', '/tenants', body);
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('invalid_request');
      expect(res.json.error.issues.length).toBeGreaterThan(0);
    }
    expect((await stack.admin('GET', '/tenants/tn_nope')).status).toBe(404);
    expect((await stack.admin('GET', '/tenants/tn_0000000000000000000000')).json.error.code).toBe('tenant_not_found');
  });

  it('updates name, status and quota', async () => {
    const { json } = await stack.admin('POST', '/tenants', { name: 'Before' });
    const res = await stack.admin('PATCH', `/tenants/${json.id}`, {
      name: 'After',
      status: 'suspended',
      quotas: { messagesPerDay: null },
    });
    expect(res.json).toMatchObject({ name: 'After', status: 'suspended', quotas: { messagesPerDay: null } });
    const back = await stack.admin('PATCH', `/tenants/${json.id}`, { status: 'active', quotas: { messagesPerDay: 10 } });
    expect(back.json).toMatchObject({ name: 'After', status: 'active', quotas: { messagesPerDay: 10 } });
  });

  it('delete suspends and hides; the sub-account is purged only when asked', async () => {
    const a = await stack.admin('POST', '/tenants', { name: 'Keep upstream' });
    const del = await stack.admin('DELETE', `/tenants/${a.json.id}`);
    expect(del.json).toMatchObject({ status: 'suspended', deletedAt: expect.any(Number) });
    expect(stack.emulator.requests.at(-1)!.path).not.toMatch(/delete$/);
    expect((await stack.admin('GET', '/tenants')).json.items.map((t: { id: string }) => t.id)).not.toContain(a.json.id);
    expect((await stack.admin('GET', '/tenants?includeDeleted=true')).json.items.map((t: { id: string }) => t.id)).toContain(
      a.json.id,
    );
    expect((await stack.admin('PATCH', `/tenants/${a.json.id}`, { status: 'active' })).status).toBe(409);

    const b = await stack.admin('POST', '/tenants', { name: 'Purge upstream' });
    const usersBefore = stack.users().length;
    expect((await stack.admin('DELETE', `/tenants/${b.json.id}?purgeUpstream=true`)).status).toBe(200);
    expect(stack.emulator.requests.at(-1)!.path).toMatch(/\/partner\/user\/[^/]+\/delete$/);
    expect(stack.users().length).toBe(usersBefore - 1);
    expect((await stack.admin('DELETE', `/tenants/${b.json.id}?purgeUpstream=maybe`)).status).toBe(400);
  });
});

describe('bots and sites', () => {
  it('creates a bot inside the sub-account and lists it', async () => {
    const t = await stack.admin('POST', '/tenants', { name: 'Bots' });
    const bot = await stack.admin('POST', `/tenants/${t.json.id}/bots`, { name: 'Tooth Fairy', backstory: 'You help patients.' });
    expect(bot.status).toBe(201);
    expect(bot.json).toMatchObject({ id: expect.any(String), name: 'Tooth Fairy' });
    const user = { id: stack.subAccountOf(t.json.id) };
    const create = stack.emulator.requests.find(
      (r) => r.path.endsWith('/bot/create') && r.headers['x-runas-user-id'] === user.id,
    );
    expect(create?.body).toMatchObject({ name: 'Tooth Fairy', backstory: 'You help patients.' });
    const list = await stack.admin('GET', `/tenants/${t.json.id}/bots`);
    expect(list.json.items.map((b: { id: string }) => b.id)).toEqual([bot.json.id]);
  });

  it("refuses a site whose bot belongs to another tenant's sub-account", async () => {
    const { bot } = await stack.seedCustomer();
    const t = await stack.admin('POST', '/tenants', { name: 'Thief' });
    const res = await stack.admin('POST', `/tenants/${t.json.id}/sites`, {
      name: 'x',
      allowedOrigins: ['https://x.example'],
      botId: bot.id,
    });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('bot_not_found');
  });

  it('normalises origins and validates every theme value', async () => {
    const { site } = await stack.seedCustomer();
    const ok = await stack.admin('PATCH', `/sites/${site.id}`, {
      allowedOrigins: ['https://Shop.Example/', 'https://shop.example', 'http://localhost:3000'],
      theme: { accentColor: '#AABBCC', radius: 8, colorScheme: 'dark', fontFamily: '"Inter", system-ui, sans-serif' },
    });
    expect(ok.status).toBe(200);
    expect(ok.json.allowedOrigins).toEqual(['https://shop.example', 'http://localhost:3000']);
    expect(ok.json.theme.accentColor).toBe('#aabbcc');

    const bad = [
      { allowedOrigins: ['https://shop.example/path'] },
      { allowedOrigins: ['*'] },
      { allowedOrigins: ['javascript:alert(1)'] },
      { allowedOrigins: [] },
      { theme: { accentColor: 'red; background: url(x)' } },
      { theme: { fontFamily: 'x; } body { display:none' } },
      { theme: { avatarUrl: 'javascript:alert(1)' } },
      { theme: { launcherIcon: 'http://evil.example/x.png' } },
      { theme: { unknown: 1 } },
      { starterPrompts: Array(7).fill('x') },
      { locale: 'not a locale' },
      { status: 'deleted' },
    ];
    for (const body of bad) {
      const res = await stack.admin('PATCH', `/sites/${site.id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    // Nothing stored was lost by the refused updates.
    const after = await stack.admin('GET', `/sites/${site.id}`);
    expect(after.json.allowedOrigins).toEqual(['https://shop.example', 'http://localhost:3000']);
    expect(after.json.theme.colorScheme).toBe('dark');
  });

  it('theme changes reach the public config at once', async () => {
    const { site } = await stack.seedCustomer();
    await stack.fetch(`/v1/sites/${site.siteKey}/config`); // warm the cache
    await stack.admin('PATCH', `/sites/${site.id}`, { title: 'New title', theme: { accentColor: '#123456' } });
    const cfg = await stack.fetch(`/v1/sites/${site.siteKey}/config`);
    expect(cfg.json.title).toBe('New title');
    expect(cfg.json.theme).toEqual({ accentColor: '#123456' });
  });

  it('lists sites per tenant and reports usage by day', async () => {
    const { tenant, site } = await stack.seedCustomer();
    const list = await stack.admin('GET', `/tenants/${tenant.id}/sites`);
    expect(list.json.items.map((s: { id: string }) => s.id)).toEqual([site.id]);
    const usage = await stack.admin('GET', `/tenants/${tenant.id}/usage?from=2026-01-01&to=2099-01-01`);
    expect(usage.status).toBe(200);
    expect((await stack.admin('GET', `/tenants/${tenant.id}/usage?from=yesterday`)).status).toBe(400);
    expect((await stack.admin('GET', `/tenants/${tenant.id}/usage?from=2026-02-01&to=2026-01-01`)).status).toBe(400);
  });
});

describe('changes are JSON merge patches (RFC 7396)', () => {
  const THEME: Wire.Theme = {
    accentColor: '#0f766e',
    colorScheme: 'auto',
    position: 'bottom-left',
    launcherIcon: 'https://cdn.example/logo.png',
    avatarUrl: 'https://cdn.example/avatar.png',
  };

  // Bug fixed: a PATCH of the theme replaced the whole theme (an avatar, an icon, a position lost).
  it('keeps theme settings the patch does not name, and removes those set to null', async () => {
    const { site } = await stack.seedCustomer({ site: { theme: THEME, greeting: 'Hello', locale: 'de' } });
    const accent = await stack.admin('PATCH', `/sites/${site.id}`, { theme: { accentColor: '#112233' } });
    expect(accent.status).toBe(200);
    expect(accent.json.theme).toEqual({ ...THEME, accentColor: '#112233' });
    expect(accent.json).toMatchObject({ greeting: 'Hello', locale: 'de', title: 'Shop help' });

    const removed = await stack.fetch(`/admin/v1/sites/${site.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ theme: { avatarUrl: null, position: null }, greeting: null }),
    });
    expect(removed.status).toBe(200);
    const { avatarUrl: _a, position: _p, ...kept } = { ...THEME, accentColor: '#112233' };
    expect(removed.json.theme).toEqual(kept);
    expect(removed.json.greeting).toBeNull();
    expect(removed.json.locale).toBe('de');
    // What the widget is told follows at once.
    const config = await stack.fetch(`/v1/sites/${site.siteKey}/config`);
    expect(config.json.theme).toEqual(kept);

    const reset = await stack.admin('PATCH', `/sites/${site.id}`, { theme: null });
    expect(reset.json.theme).toEqual({});
  });

  it('refuses an invalid value inside a theme patch, changing nothing', async () => {
    const { site } = await stack.seedCustomer({ site: { theme: THEME } });
    const bad = await stack.admin('PATCH', `/sites/${site.id}`, { theme: { accentColor: '#112233', radius: 99 } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues).toEqual([expect.objectContaining({ path: 'theme.radius' })]);
    expect((await stack.admin('GET', `/sites/${site.id}`)).json.theme).toEqual(THEME);
  });
});

describe('what a site may be given', () => {
  // Check: origin-host-plausible (protocol/src/origin.ts normalizeOrigin).
  it('refuses wildcard origins with a message that says what to do', async () => {
    const { tenant, bot } = await stack.seedCustomer();
    const res = await stack.admin('POST', `/tenants/${tenant.id}/sites`, {
      name: 'wild',
      allowedOrigins: ['https://*.shop.example'],
      botId: bot.id,
    });
    expect(res.status).toBe(400);
    expect(res.json.error.issues[0]).toMatchObject({
      path: 'allowedOrigins.0',
      message: expect.stringMatching(/wildcards are not supported/),
    });
    expect((await stack.admin('GET', `/tenants/${tenant.id}/sites`)).json.items).toHaveLength(1);
  });

  // Check: display-text-misleading (protocol/src/text.ts plainText, display).
  it('refuses names and titles with text-direction overrides or invisible characters; keeps emoji and joiners', async () => {
    const { tenant, site } = await stack.seedCustomer();
    for (const title of ['Acme \u202Eevil', 'Ac\u200Bme', '\u2066Acme\u2069', 'Ac\uFEFFme']) {
      const res = await stack.admin('PATCH', `/sites/${site.id}`, { title });
      expect(res.status).toBe(400);
      expect(res.json.error.issues[0].message).toMatch(/invisible or text-direction/);
    }
    expect((await stack.admin('PATCH', `/tenants/${tenant.id}`, { name: 'Evil\u202Etxt.exe' })).status).toBe(400);
    const fine = await stack.admin('PATCH', `/sites/${site.id}`, { title: 'Família 👨‍👩‍👧 میخواهم' });
    expect(fine.status).toBe(200);
    expect(fine.json.title).toBe('Família 👨‍👩‍👧 میخواهم');
  });
});

describe('onboarding (POST /admin/v1/onboardings)', () => {
  it('creates the tenant, its bot and its site in one step', async () => {
    const res = await stack.admin('POST', '/onboardings', {
      tenant: { name: 'Acme Dental' },
      bot: { backstory: 'You help patients.' },
      site: { allowedOrigins: ['https://acme-dental.example'], starterPrompts: ['Book a visit'] },
    });
    expect(res.status).toBe(201);
    expect(res.json.tenant.name).toBe('Acme Dental');
    expect(res.json.bot.name).toBe('Acme Dental assistant');
    expect(res.json.site).toMatchObject({
      name: 'Acme Dental',
      botId: res.json.bot.id,
      allowedOrigins: ['https://acme-dental.example'],
    });
    expect(res.json.site.embedSnippet).toContain(res.json.site.siteKey);
  });

  it('undoes what it created when a later step fails: no tenant, no sub-account left', async () => {
    const tenantsBefore = (await stack.admin('GET', '/tenants')).json.items.length;
    const usersBefore = stack.users().length;
    stack.emulator.faults.add({ fault: { kind: 'status', status: 500 }, path: '/bot/create$', times: 1 });
    const res = await stack.admin('POST', '/onboardings', {
      tenant: { name: 'Half Done' },
      site: { allowedOrigins: ['https://half.example'] },
    });
    expect(res.status).toBe(502);
    expect(res.json.error.code).toBe('upstream_error');
    expect(
      (await stack.admin('GET', '/tenants?includeDeleted=true')).json.items.map((t: { name: string }) => t.name),
    ).not.toContain('Half Done');
    expect((await stack.admin('GET', '/tenants')).json.items).toHaveLength(tenantsBefore);
    expect(stack.users()).toHaveLength(usersBefore);
  });

  it('refuses an invalid request before creating anything', async () => {
    const usersBefore = stack.users().length;
    const res = await stack.admin('POST', '/onboardings', {
      tenant: { name: 'Bad' },
      site: { allowedOrigins: ['not an origin'] },
    });
    expect(res.status).toBe(400);
    expect(stack.users()).toHaveLength(usersBefore);
  });
});

describe('everything answers with the envelope', () => {
  // Check: method-not-allowed, security-headers-every-answer (app.ts notFound; http/middleware/request-context.ts).
  it('unknown routes and methods', async () => {
    const { site } = await stack.seedCustomer();
    const cases = [
      ['GET', '/nope', 404, 'not_found'],
      ['GET', '/v1/sites/x/config', 404, 'site_not_found'],
      ['DELETE', `/v1/sites/${site.siteKey}/sessions`, 405, 'method_not_allowed'],
      ['PUT', '/admin/v1/tenants', 405, 'method_not_allowed'],
    ] as const;
    for (const [method, path, status, code] of cases) {
      const res = await stack.fetch(path, { method, headers: { authorization: `Bearer ${stack.adminToken}` } });
      expect(res.status, `${method} ${path}`).toBe(status);
      expect(res.json.error.code).toBe(code);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('health, readiness and JWKS', async () => {
    expect((await stack.fetch('/healthz')).json).toEqual({ status: 'ok' });
    expect((await stack.fetch('/readyz')).json).toEqual({ status: 'ready' });
    const jwks = await stack.fetch('/.well-known/jwks.json');
    expect(jwks.json.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid: expect.any(String) });
    expect(jwks.json.keys[0].d).toBeUndefined();
  });
});

/**
 * The portal in Debian's Chromium, as its people use it: an operator signs up through the CLI's
 * link and adds a passkey (Chromium's virtual authenticator), signs out and back in with it, sets the
 * brand kit, onboards a customer and invites a member; the member signs in through the link and
 * sees only their customer; a viewer can change nothing; the audit log shows each step. Every screen
 * is checked by axe-core and for CSP violations, at 1280 px and at 390 px.
 */
import type { Browser, Page } from 'playwright-core';
import type { Stack } from '@tessera/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addVirtualAuthenticator,
  checkScreen,
  deepText,
  heading,
  launch,
  person,
  startMailbox,
  startPortalStack,
} from './support.js';

let stack: Stack;
let portal: string;
let browser: Browser;
let mailbox: Awaited<ReturnType<typeof startMailbox>>;
let velo: { tenant: { id: string } };
const problems: string[] = [];

beforeAll(async () => {
  mailbox = await startMailbox();
  ({ stack, portal } = await startPortalStack(mailbox.url));
  velo = await stack.seedCustomer({ name: 'Velo Bikes' });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  expect(problems).toEqual([]);
  expect(stack.findLeaks()).toEqual([]);
  await stack?.close();
  await mailbox?.close();
});

/** A one-use link's page: it names the person, and its one button signs in. */
async function useLink(page: Page, url: string, email: string) {
  await page.goto(url.replace(new URL(url).origin, portal));
  await expect.poll(() => deepText(page)).toContain(email);
  await page.getByRole('button').click();
  await page.waitForURL(/\/portal\//);
}

/** Calls the portal API from the page, as the app does (same origin, the session cookie). */
const api = (page: Page, method: string, path: string, body?: unknown) =>
  page.evaluate(
    async ([m, p, b]) => {
      const res = await fetch(`/portal/api/${p}`, {
        method: m as string,
        headers: b ? { 'content-type': 'application/json' } : {},
        body: b ? JSON.stringify(b) : null,
        referrerPolicy: 'same-origin',
      });
      return { status: res.status, body: await res.json().catch(() => null) };
    },
    [method, path, body] as const,
  );

describe('the partner console', () => {
  let operatorPage: Page;
  let inviteUrl: string;

  it('an operator signs up through the CLI link and adds a passkey', async () => {
    const invite = await stack.admin('POST', '/operators', { email: 'ops@partner.example' });
    const op = await person(browser);
    operatorPage = op.page;
    problems.push(...op.problems);
    op.page.on('console', () => problems.push(...op.problems.splice(0)));
    const authenticator = await addVirtualAuthenticator(op.context, op.page);

    await useLink(op.page, invite.json.inviteUrl, 'ops@partner.example');
    expect(new URL(op.page.url()).pathname).toBe('/portal/account');
    await heading(op.page, /Account/);
    await checkScreen(op.page, 'account-welcome');

    await op.page.getByLabel('Name of the new passkey (optional)').fill('Work laptop');
    await op.page.getByRole('button', { name: 'Add a passkey' }).click();
    await expect.poll(() => deepText(op.page)).toContain('Work laptop');
    expect(await authenticator.credentials()).toHaveLength(1);
    expect((await api(op.page, 'GET', 'me')).body.credentials.passkeys).toBe(1);
  });

  it('signs out, and back in with the passkey alone', async () => {
    const page = operatorPage;
    expect((await api(page, 'DELETE', 'session')).status).toBe(204);
    await page.goto(`${portal}/portal/`);
    await page.waitForURL(/\/portal\/sign-in/);
    await heading(page, 'Sign in');
    await checkScreen(page, 'sign-in');
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await heading(page, 'Customers');
    expect((await api(page, 'GET', 'me')).body).toMatchObject({ email: 'ops@partner.example', kind: 'operator' });
    await checkScreen(page, 'customers');
  });

  it('sets the brand kit, and the portal wears it', async () => {
    const page = operatorPage;
    await page.goto(`${portal}/portal/brand-kit`);
    await heading(page, /Brand/);
    await page.getByLabel('Product name').fill('Partner Chat');
    await page.getByLabel('Accent color', { exact: true }).fill('#0f766e');
    await page.getByRole('button', { name: 'Save brand' }).click();
    await expect.poll(async () => (await stack.fetch('/portal/api/brand')).json.productName).toBe('Partner Chat');
    await checkScreen(page, 'brand-kit');
    await page.reload();
    await expect.poll(() => page.title()).toContain('Partner Chat');
    expect(await deepText(page)).not.toContain('Tessera');
  });

  it('onboards a customer with its first owner, and hands over the invite link', async () => {
    const page = operatorPage;
    await page.goto(`${portal}/portal/customers/new`);
    await heading(page, /Onboard/);
    await checkScreen(page, 'onboard');
    // A mistake first: the message is next to the field, and nothing typed is lost.
    await page.getByLabel('Customer name').fill('Acme Dental');
    await page.getByLabel('Origin 1').fill('not an origin');
    await page.getByLabel('Backstory').fill('You answer for Acme Dental.');
    await page.getByRole('button', { name: 'Onboard' }).click();
    await expect.poll(() => deepText(page)).toMatch(/origin/i);
    expect(await page.getByLabel('Customer name').inputValue()).toBe('Acme Dental');
    await checkScreen(page, 'onboard-error');

    await page.getByLabel('Origin 1').fill('https://acme-dental.example');
    await page.getByLabel('Email').fill('owner@acme-dental.example');
    await page.getByRole('button', { name: 'Onboard' }).click();
    await expect.poll(() => deepText(page), { timeout: 15_000 }).toContain('/portal/links/');
    inviteUrl = (await page.locator('code.copy-value', { hasText: '/portal/links/' }).first().textContent())!.trim();
    expect(inviteUrl).toMatch(/\/portal\/links\/[\w-]{43}$/);
    await checkScreen(page, 'onboard-done');
  });

  it("shows the customer's page and the customer table", async () => {
    const page = operatorPage;
    await page.goto(`${portal}/portal/customers?q=acme`);
    await page.getByRole('link', { name: 'Acme Dental' }).click();
    await heading(page, 'Acme Dental');
    await expect.poll(() => deepText(page)).toContain('owner@acme-dental.example');
    await checkScreen(page, 'customer');

    // A pending invite, resent: a new link to copy.
    const tenantId = new URL(page.url()).pathname.split('/').pop()!;
    await stack.admin('POST', `/tenants/${tenantId}/members`, { email: 'pending@acme-dental.example', role: 'viewer' });
    await page.reload();
    await page.getByRole('button', { name: 'Resend invite to pending@acme-dental.example' }).click();
    await expect.poll(() => deepText(page)).toContain('Invite link for pending@acme-dental.example');

    // Open as this customer: their portal, under a banner that says who is looking.
    await page
      .getByRole('button', { name: 'Open as this customer' })
      .or(page.getByRole('link', { name: 'Open as this customer' }))
      .first()
      .click();
    await heading(page, 'Your chat for Acme Dental');
    await expect.poll(() => deepText(page)).toContain("looking at Acme Dental's portal as ops@partner.example");
    await checkScreen(page, 'open-as-customer');
  });

  it('the customer owner signs in through the link and sees only their customer', async () => {
    const owner = await person(browser);
    await useLink(owner.page, inviteUrl, 'owner@acme-dental.example');
    await owner.page.getByLabel('New password', { exact: true }).fill('a long enough passphrase');
    await owner.page.getByLabel('New password again').fill('a long enough passphrase');
    await owner.page.getByRole('button', { name: 'Set password' }).click();
    await expect.poll(async () => (await api(owner.page, 'GET', 'me')).body.credentials.password).toBe(true);

    await owner.page.goto(`${portal}/portal/`);
    await heading(owner.page, 'Your chat for Acme Dental');
    await checkScreen(owner.page, 'member-home');
    const me = (await api(owner.page, 'GET', 'me')).body;
    expect(me.memberships.map((m: { tenantName: string }) => m.tenantName)).toEqual(['Acme Dental']);
    // Another customer's data: 404, as if it did not exist; the console: not theirs.
    expect((await api(owner.page, 'GET', `tenants/${velo.tenant.id}`)).status).toBe(404);
    expect((await api(owner.page, 'GET', 'customers')).status).toBe(403);
    await owner.page.goto(`${portal}/portal/customers`);
    await expect.poll(() => deepText(owner.page)).toMatch(/not found|no access|not available/i);
    problems.push(...owner.problems);
    await owner.context.close();
  });

  it('signs in with the keyboard alone', async () => {
    const kb = await person(browser);
    await kb.page.goto(`${portal}/portal/sign-in`);
    await heading(kb.page, 'Sign in');
    const focused = () =>
      kb.page.evaluate(() => {
        let el = document.activeElement;
        while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
        return el ? `${el.tagName.toLowerCase()}:${el.getAttribute('type') ?? ''}` : '';
      });
    for (let i = 0; i < 12 && (await focused()) !== 'input:email'; i++) await kb.page.keyboard.press('Tab');
    expect(await focused()).toBe('input:email');
    await kb.page.keyboard.type('owner@acme-dental.example');
    await kb.page.keyboard.press('Tab');
    expect(await focused()).toBe('input:password');
    await kb.page.keyboard.type('a long enough passphrase');
    await kb.page.keyboard.press('Enter');
    await heading(kb.page, 'Your chat for Acme Dental');
    problems.push(...kb.problems);
    await kb.context.close();
  });

  it('signs in with a link sent by email (a real SMTP server)', async () => {
    const p = await person(browser);
    await p.page.goto(`${portal}/portal/sign-in`);
    await heading(p.page, 'Sign in');
    await p.page.getByLabel('Email').fill('owner@acme-dental.example');
    await p.page.getByRole('button', { name: 'Email me a sign-in link instead' }).click();
    await expect.poll(() => deepText(p.page)).toContain('a sign-in link is on its way');
    await checkScreen(p.page, 'sign-in-email-sent');
    const link = await expect
      .poll(() => mailbox.linkFor('owner@acme-dental.example'))
      .toBeDefined()
      .then(() => mailbox.linkFor('owner@acme-dental.example')!);
    stack.portalSecrets.push(link.split('/').pop()!);
    await useLink(p.page, link, 'owner@acme-dental.example');
    await heading(p.page, 'Your chat for Acme Dental');
    problems.push(...p.problems);
    await p.context.close();
  });

  it('a viewer can read but change nothing', async () => {
    const invite = await stack.admin('POST', `/tenants/${velo.tenant.id}/members`, {
      email: 'viewer@velo.example',
      role: 'viewer',
    });
    const viewer = await person(browser);
    await useLink(viewer.page, invite.json.inviteUrl, 'viewer@velo.example');
    expect((await api(viewer.page, 'GET', `tenants/${velo.tenant.id}/members`)).status).toBe(200);
    const tries = [
      await api(viewer.page, 'POST', `tenants/${velo.tenant.id}/members`, { email: 'x@velo.example', role: 'owner' }),
      await api(viewer.page, 'PATCH', `tenants/${velo.tenant.id}`, { name: 'Mine' }),
      await api(viewer.page, 'PUT', 'brand', { productName: 'Mine' }),
    ];
    expect(tries.map((t) => t.status)).toEqual([403, 403, 403]);
    problems.push(...viewer.problems);
    await viewer.context.close();
  });

  it('the audit log shows each step, by whom', async () => {
    const page = operatorPage;
    await page.goto(`${portal}/portal/audit`);
    await heading(page, /Audit/);
    // The newest entries first (a page of 50): wait for them to arrive, then read them.
    await expect.poll(() => deepText(page)).toContain('onboardCustomer');
    const text = await deepText(page);
    for (const action of ['registerPasskey', 'signInWithPasskey', 'portalUpdateBrand', 'onboardCustomer', 'setPassword']) {
      expect(text, action).toContain(action);
    }
    expect(text).toContain('ops@partner.example');
    expect(text).toContain('owner@acme-dental.example');
    // The oldest steps, through the filters (in the URL): the CLI's invite and its link used.
    await page.goto(`${portal}/portal/audit?actor=admin-api`);
    await expect.poll(() => deepText(page)).toContain('inviteOperator');
    await page.goto(`${portal}/portal/audit?actor=ops%40partner.example&action=useLink`);
    await expect.poll(() => deepText(page)).toContain('useLink');
    await page.goto(`${portal}/portal/audit`);
    await expect.poll(() => deepText(page)).toContain('onboardCustomer');
    await checkScreen(page, 'audit');
  });

  it('every console screen at 390 px wide, and in dark mode', async () => {
    const phone = await person(browser, { width: 390 });
    await phone.context.addCookies((await operatorPage.context().cookies()).filter((c) => c.name === '__Host-portal'));
    for (const [path, name] of [
      ['customers', 'customers'],
      ['customers/new', 'onboard'],
      ['brand-kit', 'brand-kit'],
      ['operators', 'operators'],
      ['audit', 'audit'],
      ['signing-keys', 'signing-keys'],
      ['account', 'account'],
    ] as const) {
      await phone.page.goto(`${portal}/portal/${path}`);
      await phone.page.locator('h1').first().waitFor();
      await checkScreen(phone.page, `${name}-390`);
    }
    problems.push(...phone.problems);
    const dark = await person(browser, { colorScheme: 'dark' });
    await dark.context.addCookies((await operatorPage.context().cookies()).filter((c) => c.name === '__Host-portal'));
    await dark.page.goto(`${portal}/portal/customers`);
    await heading(dark.page, 'Customers');
    await checkScreen(dark.page, 'customers-dark');
    problems.push(...dark.problems);
  });
});

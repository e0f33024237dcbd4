/**
 * The partner's theme playground: a button per customer that opens that customer's widget settings
 * in the portal, signed in as its owner through a one-use link the partner's server asks for; a
 * change saved there shows on the customer's site. A link's `next` leads only to a page of the
 * portal: another site, `//host` or a climb out of /portal/ is ignored, by the service and the app.
 */
import { join } from 'node:path';
import { createAdminClient, data } from '@tessera/admin-client';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, demo, portalHeading, recordedVisitors, shot, widget } from './browser.js';

const visitors = recordedVisitors();

/** Who the page's portal session belongs to, asked from the page itself. */
const me = (page: Page) =>
  page.evaluate(
    async () => (await fetch('/portal/api/me')).json() as Promise<{ email: string; memberships: { role: string }[] }>,
  );

/** The one-use link the partner's server sends Velo Bikes' owner to, with `next` set to `next`. */
async function veloLink(next: string): Promise<URL> {
  const res = await fetch(`${demo().partnerUrl}/portal/customer/velo`, { redirect: 'manual' });
  expect(res.status).toBe(303);
  const link = new URL(res.headers.get('location')!);
  link.searchParams.set('next', next);
  return link;
}

/** Open a sign-in link, press its one button, and wait to be sent on. */
async function signInThrough(page: Page, link: string) {
  await page.goto(link);
  await page.getByRole('button').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/portal/links/'));
}

describe('theme playground', () => {
  it("opens a customer's widget settings in the portal, signed in as its owner; a save shows on their site", async () => {
    const { partnerUrl, serviceUrl, adminToken, sites } = demo();
    const { dental } = sites;
    const context = await visitors.open({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    const api: string[] = [];
    page.on('request', (r) => r.url().startsWith(`${partnerUrl}/api/`) && api.push(r.url()));
    // From the partner's landing page.
    await page.goto(`${partnerUrl}/`);
    await shot(page, '11-partner-landing');
    await page.getByRole('link', { name: 'Open the theme playground' }).click();
    await page.waitForURL(`${partnerUrl}/playground.html`);
    for (const name of ["Velo Bikes'", "Bright Smile Dental's", "Lumen Analytics'"])
      await page.getByRole('link', { name: `Open ${name} widget settings` }).waitFor();
    expect(await page.locator('script').count()).toBe(0); // a thin page: links, and nothing to run
    await shot(page, '13-playground');
    // On a phone the cards stack, and nothing is wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(ARTIFACTS, '13-playground-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 860 });

    await page.getByRole('link', { name: "Open Bright Smile Dental's widget settings" }).click();
    await page.waitForURL(/\/portal\/links\//);
    await page.getByText('owner@dental.example').waitFor();
    await shot(page, '14-playground-sign-in-link');
    await page.getByRole('button').click();

    // Straight on the widget settings of the customer's site, not the portal's home.
    await page.waitForURL(/\/widget\?/);
    const landed = new URL(page.url());
    expect(landed.pathname).toBe(`/portal/t/${dental.tenantId}/widget`);
    expect(landed.searchParams.get('site')).toBe(dental.siteId);
    await portalHeading(page, 'Widget');
    expect(await me(page)).toMatchObject({ email: 'owner@dental.example', memberships: [{ role: 'owner' }] });
    const title = page.getByLabel('Title', { exact: true });
    await expect.poll(() => title.inputValue()).toBe(dental.title);
    const preview = page.locator('tessera-chat[mode="inline"]');
    await expect.poll(() => preview.locator('[part~="title"]').textContent()).toBe(dental.title);
    await shot(page, '15-playground-portal-widget');

    const admin = createAdminClient(serviceUrl, adminToken);
    const path = { params: { path: { siteId: dental.siteId } } };
    try {
      // The live preview follows the form; the save reaches the customer's site on its next load.
      await title.fill('Smile Desk');
      await expect.poll(() => preview.locator('[part~="title"]').textContent()).toBe('Smile Desk');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByRole('form', { name: 'Widget settings' }).getByText('Saved.').waitFor();
      await shot(page, '16-playground-portal-saved');
      const site = await context.newPage();
      await site.goto(`${dental.origin}/`);
      const w = widget(site);
      await w.launcher.click();
      await expect.poll(() => w.root.locator('[part~="title"]').textContent()).toBe('Smile Desk');
      await shot(site, '17-customer-site-new-title');
      await visitors.snapshot(site);
    } finally {
      await data(admin.PATCH('/admin/v1/sites/{siteId}', { ...path, body: { title: dental.title } }));
    }
    expect(api).toEqual([]); // the playground's old API is gone, and nothing asks for it
    expect((await fetch(`${partnerUrl}/api/sites`)).status).toBe(404);
    await visitors.snapshot(page);
    await context.close();
  });

  it('the partner server refuses a customer it does not have', async () => {
    const res = await fetch(`${demo().partnerUrl}/portal/customer/nobody/widget`, { redirect: 'manual' });
    expect(res.status).toBe(404);
  });
});

describe("a sign-in link's next", () => {
  it.each([
    ['another site', 'https://evil.example/portal/'],
    ['a protocol-relative URL', '//evil.example/portal/'],
    ['a climb out of the portal', '/portal/../admin/v1/tenants'],
  ])('ignores %s: signs in and stays in the portal', async (_, next) => {
    const link = await veloLink(next);
    const context = await visitors.open();
    const page = await context.newPage();
    await signInThrough(page, link.href);
    const landed = new URL(page.url());
    expect(landed.origin).toBe(link.origin);
    expect(landed.pathname).toMatch(/^\/portal\/(account|t\/)/);
    expect((await me(page)).email).toBe('owner@velo.example');
    await context.close();
  });

  it("the portal's own sign-in page follows only a portal path too", async () => {
    const { velo } = demo().sites;
    const link = await veloLink(`/portal/t/${velo.tenantId}/conversations`);
    const context = await visitors.open();
    const page = await context.newPage();
    await signInThrough(page, link.href);
    expect(new URL(page.url()).pathname).toBe(`/portal/t/${velo.tenantId}/conversations`);
    await portalHeading(page, 'Conversations');

    // Signed in, the sign-in page sends one on to its `next`, if that is a page of the portal.
    const portal = link.origin;
    for (const evil of ['https://evil.example/', '//evil.example/', 'javascript:alert(1)']) {
      await page.goto(`${portal}/portal/sign-in?next=${encodeURIComponent(evil)}`);
      await page.waitForURL((url) => url.pathname !== '/portal/sign-in');
      await portalHeading(page, /^Your chat for/);
      expect(new URL(page.url()).origin).toBe(portal);
      expect(new URL(page.url()).pathname).toBe(`/portal/t/${velo.tenantId}`);
    }
    await page.goto(`${portal}/portal/sign-in?next=${encodeURIComponent(`/portal/t/${velo.tenantId}/widget`)}`);
    await portalHeading(page, 'Widget');
    expect(new URL(page.url()).pathname).toBe(`/portal/t/${velo.tenantId}/widget`);
    await visitors.snapshot(page);
    await context.close();
  });
});

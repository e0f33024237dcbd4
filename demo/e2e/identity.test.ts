/**
 * Signed-in visitors on Lumen's account page (docs/identity.md), one browser profile per device:
 * Ada asks on one, finds and continues the conversation on another, and the first sees the
 * continuation; Grace sees none of Ada's; after Ada signs out, nothing of her is left in the
 * browser. The page's identity tokens are signed by the site's own server; the secret never
 * reaches a browser (the recorder's scan at the end includes it).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { answered, demo, recordedVisitors, shot, widget } from './browser.js';

const visitors = recordedVisitors();

const ADA = { name: 'Ada Lovelace', email: 'ada@lumen.example', subject: 'lumen-user-1815' };
const ADA_ASKS = 'What are the API limits?';
const ADA_CONTINUES = 'Can I export to CSV?';
const GRACE_ASKS = 'Compare the plans';

/** A device: a browser profile on the account page, with what it was told (tokens, console complaints). */
async function device(context: BrowserContext) {
  const page = await context.newPage();
  const tokens: string[] = [];
  const complaints: string[] = [];
  page.on('response', async (res) => {
    if (!/\/api\/(identity-token|sign-in|sign-out)$/.test(res.url())) return;
    const { token } = (await res.json().catch(() => ({}))) as { token?: string | null };
    if (token) tokens.push(token);
  });
  page.on('console', (m) => {
    if (/\[tessera\]|Content Security Policy|Refused to/i.test(m.text())) complaints.push(m.text());
  });
  const res = await page.goto(`${demo().sites.docs.origin}/account.html`);
  // The page runs under the strict policy (no inline script), with its own origin's API allowed.
  expect(res!.headers()['content-security-policy']).toMatch(/script-src 'self' [^;]*; connect-src 'self' /);
  await expect.poll(() => page.locator('#who').textContent()).not.toBe('…');
  return { page, tokens, complaints, w: widget(page) };
}

async function signIn(page: Page, name: string) {
  await page.getByRole('button', { name }).click();
  await expect.poll(() => page.locator('#who').textContent()).toContain(`Signed in as ${name}`);
}

/** Open the panel unless it is open (it stays open across a reload). */
async function openPanel(w: ReturnType<typeof widget>) {
  await w.launcher.waitFor();
  if ((await w.launcher.getAttribute('aria-expanded')) !== 'true') await w.launcher.click();
  await expect.poll(() => w.launcher.getAttribute('aria-expanded')).toBe('true');
}

/** What the visitor said, as the transcript shows it (without the "You:" a screen reader hears first). */
const said = async (w: ReturnType<typeof widget>) =>
  (await w.userMessages.allTextContents()).map((t) => t.replace(/^You:\s*/, '').trim());

const recentTitles = (w: ReturnType<typeof widget>) => w.root.locator('[part~="recent-conversation"] .preview').allTextContents();

describe("signed-in visitors on Lumen's account page", () => {
  it('follow Ada across devices, keep her conversations from Grace, and leave nothing of her after she signs out', async () => {
    // The site's server has its secret (the recorder's scan looks for it in all the browsers saw).
    expect(demo().sites.docs.identitySecret).toMatch(/^[\w-]{43}$/);

    // Profile 1: Ada asks a question.
    const one = await device(await visitors.open());
    await signIn(one.page, ADA.name);
    await openPanel(one.w);
    await one.w.input.fill(ADA_ASKS);
    await one.w.input.press('Enter');
    await answered(one.w, '100 requests per second');
    await visitors.snapshot(one.page);

    // Profile 2 (another device): signed in as Ada, the welcome screen lists her conversation.
    const two = await device(await visitors.open());
    expect(two.tokens).toEqual([]); // nobody signed in on this device yet
    await signIn(two.page, ADA.name);
    await openPanel(two.w);
    await expect.poll(() => recentTitles(two.w), { timeout: 15_000 }).toEqual([ADA_ASKS]);
    expect(await two.w.userMessages.count()).toBe(0);
    await shot(two.page, 'identity-01-another-device-lists-ada');

    // Reopened, it shows the question and the answer; Ada goes on from here.
    await two.w.root.locator('[part~="recent-conversation"]').first().click();
    await expect.poll(() => said(two.w), { timeout: 15_000 }).toEqual([ADA_ASKS]);
    expect(await two.w.botMessages.last().textContent()).toContain('100 requests per second');
    await shot(two.page, 'identity-02-reopened-on-another-device');
    await two.w.input.fill(ADA_CONTINUES);
    await two.w.send.click();
    await answered(two.w, 'CSV downloads');
    await visitors.snapshot(two.page);

    // Profile 1, reloaded, has the continuation.
    await one.page.reload();
    await expect.poll(() => one.page.locator('#who').textContent()).toContain(`Signed in as ${ADA.name}`);
    await openPanel(one.w);
    await expect.poll(() => said(one.w), { timeout: 15_000 }).toEqual([ADA_ASKS, ADA_CONTINUES]);
    expect(await one.w.botMessages.last().textContent()).toContain('CSV downloads');
    await shot(one.page, 'identity-03-first-device-after-reload');

    // Profile 3: Grace sees her own conversation on the welcome screen, and none of Ada's.
    const three = await device(await visitors.open());
    await signIn(three.page, 'Grace Hopper');
    await openPanel(three.w);
    expect(await three.w.userMessages.count()).toBe(0);
    await three.w.prompts.filter({ hasText: GRACE_ASKS }).click();
    await answered(three.w, 'talk to us');
    await three.w.root.locator('[part~="new-conversation-button"]').click();
    await expect.poll(() => recentTitles(three.w), { timeout: 15_000 }).toEqual([GRACE_ASKS]);
    await shot(three.page, 'identity-04-grace-sees-only-hers');
    await visitors.snapshot(three.page);

    // Profile 1: what the browser holds of Ada while she is signed in (her session, her conversation,
    // the product's cookie naming her), all of which must go when she signs out.
    const record = (await one.page.evaluate((key) => localStorage.getItem(`tessera:${key}`), demo().sites.docs.siteKey)) ?? '{}';
    const held = JSON.parse(record) as { token?: string; visitorId?: string; conversationId?: string; identified?: boolean };
    expect(held.identified).toBe(true);
    const session = [held.token, held.visitorId, held.conversationId];
    expect(session.every(Boolean)).toBe(true);
    expect((await one.page.context().cookies()).map((c) => `${c.name}=${c.value}`)).toEqual(['lumen_user=ada']);

    // Ada signs out. The chat is a new anonymous visitor's, with nothing of hers on screen...
    await one.page.getByRole('button', { name: 'Signed out' }).click();
    await expect.poll(() => one.page.locator('#who').textContent()).toBe('Signed out');
    await expect.poll(() => one.w.userMessages.count()).toBe(0);
    expect(await recentTitles(one.w)).toEqual([]);
    // ... and nothing of her is left in the browser: storage of every origin, session storage, cookies.
    const cookies = await one.page.context().cookies();
    expect(cookies.map((c) => c.name)).toEqual([]); // the product's own cookie too
    const stored = JSON.stringify({
      state: await one.page.context().storageState({ indexedDB: true }),
      session: await one.page.evaluate(() => ({ ...sessionStorage })),
      cookie: await one.page.evaluate(() => document.cookie),
    });
    expect(one.tokens.length).toBeGreaterThanOrEqual(2); // signed in, then again after the reload
    expect(stored).not.toContain('identified');
    for (const trace of [ADA.name, ADA.email, ADA.subject, ADA_ASKS, ADA_CONTINUES, ...one.tokens, ...(session as string[])]) {
      expect(stored.includes(trace), `${trace.slice(0, 24)} left after signing out`).toBe(false);
    }
    await shot(one.page, 'identity-05-signed-out');
    await visitors.snapshot(one.page);

    // No token was refused, and the page (under the strict policy) broke none of it.
    for (const d of [one, two, three]) expect(d.complaints).toEqual([]);
    await Promise.all([one, two, three].map((d) => d.page.context().close()));
  });
});

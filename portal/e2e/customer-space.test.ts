/**
 * The customer's own space in Chromium, against the real service and emulator: an owner signs in
 * through an invite link and sees the home (usage chart and table), the inbox with a conversation a
 * visitor just had and its transcript, changes the greeting (only that is sent, and the theme is
 * kept), allows an origin the site refused from the installation check, edits the bot, and deletes
 * the conversation; a viewer sees every form disabled. Every screen is checked by axe-core and for
 * CSP violations, at 1280 px and at 390 px.
 */
import type { Wire } from '@tessera/protocol';
import { parseSse, type Stack } from '@tessera/testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkScreen, deepText, heading, launch, person, startPortalStack } from './support.js';

const SHOP = 'https://shop.example';
const OTHER = 'https://other.example';
let stack: Stack;
let portal: string;
let browser: Browser;
let acme: Wire.Onboarding;
let conversationId: string;
let owner: Page;
const problems: string[] = [];

beforeAll(async () => {
  ({ stack, portal } = await startPortalStack());
  acme = await stack.seedCustomer({
    name: 'Acme Dental',
    origins: [SHOP],
    quota: 500,
    site: { theme: { accentColor: '#0f766e', radius: 6 } },
  });
  // A visitor asks before anyone looks: the home and the inbox have something to show.
  const visitor = await stack.visitor(acme.site.siteKey, SHOP);
  const { json } = await visitor.createConversation();
  conversationId = json.conversationId;
  const answer = await visitor.ask(conversationId, 'When are you open?');
  // …and rates the answer down with a comment, as the widget's thumbs do.
  const done = parseSse(answer.text).find((e) => e.event === 'done')!.data as { messageId: string };
  const rated = await stack.fetch(
    `/v1/sites/${acme.site.siteKey}/conversations/${conversationId}/messages/${done.messageId}/feedback`,
    {
      method: 'POST',
      headers: visitor.headers(),
      body: JSON.stringify({ rating: 'down', comment: 'I asked about Saturdays' }),
    },
  );
  expect(rated.status).toBe(200);
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  expect(problems).toEqual([]);
  expect(stack.findLeaks()).toEqual([]);
  await stack?.close();
});

const space = (path = '') => `${portal}/portal/t/${acme.tenant.id}${path}`;

/** A member of Acme with `role`, signed in through their invite link, in a browser profile of their own. */
async function member(email: string, role: Wire.Role, width?: number) {
  const invite = await stack.admin('POST', `/tenants/${acme.tenant.id}/members`, { email, role });
  const p = await person(browser, width ? { width } : {});
  const url: string = invite.json.inviteUrl;
  await p.page.goto(url.replace(new URL(url).origin, portal));
  await expect.poll(() => deepText(p.page)).toContain(email);
  await p.page.getByRole('button').click();
  await p.page.waitForURL(/\/portal\/(?!links\/)/);
  return p;
}

/** The value, disabled state or invalid text of a Shoelace field, found by its label. */
const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

describe("the customer's space", () => {
  it('an owner signs in and sees the home: totals, the daily chart and its table, the quota left', async () => {
    const p = await member('owner@acme.example', 'owner');
    owner = p.page;
    owner.on('console', () => problems.push(...p.problems.splice(0)));
    await owner.goto(space());
    await heading(owner, 'Your chat for Acme Dental');
    // Home is the current page of the space's navigation.
    await expect.poll(() => owner.locator('nav a[aria-current="page"]').first().textContent()).toBe('Home');
    await expect.poll(() => owner.locator('portal-usage-chart canvas').count()).toBeGreaterThan(0);
    const text = await deepText(owner);
    expect(text).toMatch(/Sessions\s*1\b/);
    expect(text).toMatch(/Conversations\s*1\b/);
    expect(text).toContain('Messages left today');
    // The table is there for screen readers before it is shown: 30 days and a total.
    expect(await owner.locator('#daily tbody tr').count()).toBe(30);
    await checkScreen(owner, 'space-home');
    await owner.getByRole('button', { name: 'Show as table' }).click();
    await expect.poll(() => owner.getByRole('region', { name: 'Daily usage' }).isVisible()).toBe(true);
    await owner.getByRole('radio', { name: 'Last 7 days' }).click();
    await expect.poll(() => owner.locator('#daily tbody tr').count()).toBe(7);
    expect(new URL(owner.url()).searchParams.get('days')).toBe('7');
    await checkScreen(owner, 'space-home-table');
  });

  it('opens the inbox with the conversation, filters it, and reads its transcript', async () => {
    await owner.goto(space('/conversations'));
    await heading(owner, 'Conversations');
    const row = owner.getByRole('link', { name: 'When are you open?' });
    await row.waitFor();
    expect(await deepText(owner)).toMatch(/Answered\s*Rated down/);
    await checkScreen(owner, 'space-inbox');

    // A search that matches nothing says so, and is in the URL.
    await owner.getByLabel('Search').fill('parking');
    await expect.poll(() => deepText(owner)).toContain('No conversation matches these filters');
    expect(new URL(owner.url()).searchParams.get('q')).toBe('parking');
    await owner.getByRole('button', { name: 'Clear the filters' }).click();
    await row.waitFor();

    // The export is a plain link the browser downloads.
    const exportHref = await owner.locator('sl-button', { hasText: 'CSV' }).getAttribute('href');
    const csv = await owner.evaluate(async (href) => (await fetch(href!)).text(), exportHref);
    expect(csv).toContain('When are you open?');

    await row.click();
    await heading(owner, /^Conversation of/);
    await expect.poll(() => deepText(owner)).toContain('We are open 9 to 5');
    const text = await deepText(owner);
    expect(text.indexOf('When are you open?')).toBeLessThan(text.indexOf('We are open 9 to 5'));
    expect(text).toContain('The visitor rated this answer down.');
    expect(text).toContain('I asked about Saturdays');
    await checkScreen(owner, 'space-transcript');

    // From the badly rated answer, one click to the bot's backstory with the question quoted.
    await owner.getByRole('link', { name: "Improve this answer in the bot's backstory" }).click();
    await heading(owner, 'Bot');
    await expect.poll(() => deepText(owner)).toContain('They had asked: When are you open?');
    await checkScreen(owner, 'space-bot-improve');
    await owner.goBack();
    await heading(owner, /^Conversation of/);
  });

  it('changes the greeting: the preview shows it at once, the save sends only it, and the theme is kept', async () => {
    await owner.goto(space('/widget'));
    await heading(owner, 'Widget');
    await owner.locator('tessera-chat[mode="inline"]').waitFor({ state: 'attached' });
    await expect.poll(() => deepText(owner)).toContain('Hi!');
    const patches: unknown[] = [];
    owner.on('request', (r) => r.method() === 'PATCH' && patches.push(r.postDataJSON()));

    await field(owner, 'Greeting').fill('Welcome to Acme Dental!');
    // The live preview is the real widget with the unsaved text.
    await expect.poll(() => deepText(owner)).toContain('Welcome to Acme Dental!');
    await checkScreen(owner, 'space-widget');

    // A mistake first: the message is beside its own origin, and nothing typed is lost.
    await owner.getByRole('button', { name: 'Add an origin' }).click();
    await field(owner, 'Origin 2').fill('not an origin');
    await owner.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => deepText(owner)).toContain('Not saved');
    const help = owner.locator('sl-input[label="Origin 2"] .field-error');
    await expect.poll(() => help.textContent()).toMatch(/origin/i);
    expect(await field(owner, 'Greeting').inputValue()).toBe('Welcome to Acme Dental!');
    await checkScreen(owner, 'space-widget-error');

    await owner.getByRole('button', { name: 'Remove origin 2' }).click();
    await owner.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => deepText(owner)).toContain('Saved.');
    expect(patches.at(-1)).toEqual({ greeting: 'Welcome to Acme Dental!' });
    const config = await stack.fetch(`/v1/sites/${acme.site.siteKey}/config`);
    expect(config.json.greeting).toBe('Welcome to Acme Dental!');
    expect(config.json.theme).toEqual({ accentColor: '#0f766e', radius: 6 });

    // A theme change sends that setting alone; clearing one sends null.
    await field(owner, 'Corner radius (px)').fill('');
    await field(owner, 'Accent color').fill('#7c3aed');
    await owner.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => patches.length).toBe(3);
    expect(patches.at(-1)).toEqual({ theme: { accentColor: '#7c3aed', radius: null } });
    await expect
      .poll(async () => (await stack.fetch(`/v1/sites/${acme.site.siteKey}/config`)).json.theme)
      .toEqual({ accentColor: '#7c3aed' });
  });

  it('allows an origin the site refused, from the installation check', async () => {
    // A page on another origin loads the widget: refused, and seen.
    expect((await stack.session(acme.site.siteKey, OTHER)).status).toBe(403);
    expect((await stack.fetch(`/v1/sites/${acme.site.siteKey}/config`, { headers: { origin: OTHER } })).status).toBe(403);
    await owner.goto(space('/install'));
    await heading(owner, 'Install');
    await expect.poll(() => deepText(owner)).toContain(OTHER);
    expect(await deepText(owner)).toContain('Refused');
    expect(await deepText(owner)).toContain(acme.site.siteKey);
    await checkScreen(owner, 'space-install');
    await owner.getByRole('button', { name: `Allow this origin ${OTHER}` }).click();
    await expect.poll(() => owner.getByRole('button', { name: `Allow this origin ${OTHER}` }).count()).toBe(0);
    expect((await stack.session(acme.site.siteKey, OTHER)).status).toBe(201);
    const site = await stack.admin('GET', `/sites/${acme.site.id}`);
    expect(site.json.allowedOrigins).toEqual([SHOP, OTHER]);
  });

  it('edits the bot and sees the team', async () => {
    await owner.goto(space('/bot'));
    await heading(owner, 'Bot');
    await field(owner, 'Description').fill('Answers the front desk questions.');
    await owner.getByRole('button', { name: 'Save the bot' }).click();
    await expect.poll(() => deepText(owner)).toContain('Saved.');
    await checkScreen(owner, 'space-bot');

    await owner.goto(space('/team'));
    await heading(owner, 'Team');
    await expect.poll(() => deepText(owner)).toContain('owner@acme.example');
    await checkScreen(owner, 'space-team');
  });

  it('a viewer sees the forms disabled, with a note, and no delete or allow button', async () => {
    const v = await member('viewer@acme.example', 'viewer');
    await v.page.goto(space('/widget'));
    await heading(v.page, 'Widget');
    await expect.poll(() => deepText(v.page)).toContain('your role is viewer');
    await field(v.page, 'Title').waitFor();
    for (const label of ['Title', 'Greeting', 'Origin 1', 'Accent color'])
      expect(
        await v.page
          .locator(`[label="${label}"]`)
          .first()
          .evaluate((el) => (el as HTMLInputElement).disabled),
        label,
      ).toBe(true);
    expect(await v.page.getByRole('button', { name: 'Save changes' }).count()).toBe(0);
    await checkScreen(v.page, 'space-widget-viewer');

    await v.page.goto(space('/bot'));
    await heading(v.page, 'Bot');
    await field(v.page, 'Backstory').waitFor();
    expect(await v.page.locator('sl-textarea[label="Backstory"]').evaluate((el) => (el as HTMLTextAreaElement).disabled)).toBe(
      true,
    );
    await checkScreen(v.page, 'space-bot-viewer');

    await v.page.goto(space(`/conversations/${conversationId}`));
    await heading(v.page, /^Conversation of/);
    expect(await v.page.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    await v.page.goto(space('/team'));
    await expect.poll(() => deepText(v.page)).toContain('viewer@acme.example');
    expect(await v.page.getByRole('button', { name: 'Invite' }).count()).toBe(0);
    await checkScreen(v.page, 'space-team-viewer');
    // The server says no as well, and the screen would say why.
    const tried = await v.page.evaluate(
      async ([tenantId, siteId]) =>
        (
          await fetch(`/portal/api/tenants/${tenantId}/sites/${siteId}`, {
            method: 'PATCH',
            headers: { 'content-type': 'application/json' },
            body: '{"title":"Mine"}',
            referrerPolicy: 'same-origin',
          })
        ).status,
      [acme.tenant.id, acme.site.id] as const,
    );
    expect(tried).toBe(403);
    problems.push(...v.problems);
    await v.context.close();
  });

  it('every screen of the space at 390 px wide, and the home in dark mode', async () => {
    const cookies = (await owner.context().cookies()).filter((c) => c.name === '__Host-portal');
    const phone = await person(browser, { width: 390 });
    await phone.context.addCookies(cookies);
    for (const [path, name] of [
      ['', 'space-home'],
      ['/conversations', 'space-inbox'],
      [`/conversations/${conversationId}`, 'space-transcript'],
      ['/widget', 'space-widget'],
      ['/install', 'space-install'],
      ['/bot', 'space-bot'],
      ['/team', 'space-team'],
    ] as const) {
      await phone.page.goto(space(path));
      await phone.page.locator('h1').first().waitFor();
      await checkScreen(phone.page, `${name}-390`);
    }
    problems.push(...phone.problems);
    const dark = await person(browser, { colorScheme: 'dark' });
    await dark.context.addCookies(cookies);
    await dark.page.goto(space());
    await heading(dark.page, 'Your chat for Acme Dental');
    await dark.page.locator('portal-usage-chart canvas').first().waitFor();
    await checkScreen(dark.page, 'space-home-dark');
    problems.push(...dark.problems);
  });

  it('deletes the conversation after a confirmation, and returns to the inbox', async () => {
    await owner.goto(space(`/conversations/${conversationId}`));
    await heading(owner, /^Conversation of/);
    await owner.getByRole('button', { name: 'Delete' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Delete this conversation?' });
    await dialog.waitFor();
    await checkScreen(owner, 'space-transcript-delete');
    // The dialog's buttons are slotted into it, not inside its shadow root's dialog element.
    await owner.locator('sl-dialog sl-button[variant="danger"]').click();
    await heading(owner, 'Conversations');
    await expect.poll(() => deepText(owner)).toContain('No conversations yet');
    expect((await stack.admin('GET', `/tenants/${acme.tenant.id}/conversations`)).json.items).toEqual([]);
  });
});

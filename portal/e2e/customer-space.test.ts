/**
 * The customer's own space in Chromium, against the real service and emulator: an owner signs in
 * through an invite link and sees the home (usage chart and table), the inbox with a conversation a
 * visitor just had and its transcript, changes the greeting (only that is sent, and the theme is
 * kept), sets a subtitle under the title (kept after a reload), gives French visitors their own greeting (a page in French shows it, an English one the
 * default), adds and removes a language, allows an origin the site refused from the installation check, edits the bot, and deletes
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

/** The control that has focus, however deep in shadow roots: its label and classes. */
const focusedControl = (page: Page) =>
  page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    const host = el ? ((el.getRootNode() as ShadowRoot).host ?? el) : null;
    return { label: host?.getAttribute('label') ?? null, className: host?.className ?? '' };
  });

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

  it('sets a subtitle under the title: the preview gets it, the save sends it alone, a reload keeps it', async () => {
    const SUBTITLE = 'AI assistant · answers instantly';
    await owner.goto(space('/widget'));
    await heading(owner, 'Widget');
    const preview = owner.locator('tessera-chat[mode="inline"]');
    await preview.waitFor({ state: 'attached' });
    const patches: unknown[] = [];
    owner.on('request', (r) => r.method() === 'PATCH' && patches.push(r.postDataJSON()));
    // The field sits right under the title, and is empty while the site has none.
    expect(await owner.locator('sl-input[label="Title"] + sl-input').getAttribute('label')).toBe('Subtitle');
    expect(await field(owner, 'Subtitle').inputValue()).toBe('');

    await field(owner, 'Subtitle').fill(SUBTITLE);
    // The preview is handed the unsaved subtitle the way it is handed the title: as the element's property.
    const shown = () => preview.evaluate((el) => (el as HTMLElement & { subtitle?: string | null }).subtitle ?? null);
    await expect.poll(shown).toBe(SUBTITLE);
    await checkScreen(owner, 'space-widget-subtitle');
    await owner.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => deepText(owner)).toContain('Saved.');
    expect(patches).toEqual([{ subtitle: SUBTITLE }]);
    expect((await stack.fetch(`/v1/sites/${acme.site.siteKey}/config`)).json.subtitle).toBe(SUBTITLE);

    await owner.reload();
    await heading(owner, 'Widget');
    await expect.poll(() => field(owner, 'Subtitle').inputValue()).toBe(SUBTITLE);
    await expect.poll(shown).toBe(SUBTITLE);
    expect(await deepText(owner)).not.toContain('Unsaved changes.');
  });

  it('adds French with the keyboard, shows it in the preview, keeps a refused text beside its field, and saves the French greeting alone', async () => {
    await owner.goto(space('/widget'));
    await heading(owner, 'Widget');
    await owner.locator('tessera-chat[mode="inline"]').waitFor({ state: 'attached' });
    const patches: unknown[] = [];
    owner.on('request', (r) => r.method() === 'PATCH' && patches.push(r.postDataJSON()));

    const focused = async () => (await focusedControl(owner)).label;
    const textsFor = () => owner.locator('sl-select[label="Texts for"]').evaluate((el) => (el as HTMLSelectElement).value);

    // Keyboard only: the button, then in the dialog the list (typing finds a language), then Add.
    await owner.getByRole('button', { name: 'Add a language' }).focus();
    await owner.keyboard.press('Enter');
    await owner.getByRole('dialog', { name: 'Add a language' }).waitFor();
    await expect.poll(focused).toBe('Language');
    await checkScreen(owner, 'space-widget-add-language');
    await owner.keyboard.type('french');
    await owner.keyboard.press('Enter');
    await expect
      .poll(() => owner.locator('sl-dialog sl-select[label="Language"]').evaluate((el) => (el as HTMLSelectElement).value))
      .toBe('fr');
    await owner.keyboard.press('Tab');
    await owner.keyboard.press('Tab');
    await owner.keyboard.press('Enter');
    await expect.poll(() => owner.getByRole('dialog', { name: 'Add a language' }).count()).toBe(0);
    expect(await textsFor()).toBe('fr');
    // Focus is on the new language's first text; its empty texts show the default ones as placeholders.
    await expect.poll(focused).toBe('Title');
    expect(await field(owner, 'Title').getAttribute('placeholder')).toBe('Shop help');

    // A refused text: the message beside the French greeting, the French texts shown, nothing lost.
    const refused = 'Bonjour\u202E !';
    await field(owner, 'Greeting').fill(refused);
    await owner.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => deepText(owner)).toContain('Not saved: some fields need a change (the French texts).');
    await expect.poll(() => owner.locator('sl-textarea[label="Greeting"] .field-error').textContent()).toMatch(/text-direction/);
    expect(await field(owner, 'Greeting').inputValue()).toBe(refused);
    await checkScreen(owner, 'space-widget-french-error');

    await field(owner, 'Greeting').fill('Bonjour et bienvenue !');
    // The preview is the real widget in French: its own words and the unsaved greeting.
    await expect.poll(() => deepText(owner)).toContain('Bonjour et bienvenue !');
    expect(await owner.locator('tessera-chat[mode="inline"] textarea').getAttribute('placeholder')).toBe('Écrivez un message…');
    await checkScreen(owner, 'space-widget-french');
    await owner.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => deepText(owner)).toContain('Saved.');
    expect(patches.at(-1)).toEqual({ translations: { fr: { greeting: 'Bonjour et bienvenue !' } } });

    // A change of the French greeting names that alone; the default greeting and the theme are kept.
    await field(owner, 'Greeting').fill('Bonjour, que pouvons-nous pour vous ?');
    await owner.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => patches.length).toBe(3);
    expect(patches.at(-1)).toEqual({ translations: { fr: { greeting: 'Bonjour, que pouvons-nous pour vous ?' } } });
    await expect.poll(() => deepText(owner)).toContain('Saved.');
    const config = (await stack.fetch(`/v1/sites/${acme.site.siteKey}/config`)).json;
    expect(config).toMatchObject({
      greeting: 'Welcome to Acme Dental!',
      theme: { accentColor: '#7c3aed' },
      translations: { fr: { greeting: 'Bonjour, que pouvons-nous pour vous ?' } },
    });
  });

  it('a page in French shows the French greeting, also after a reload; a page in English the default one', async () => {
    const visitor = await person(browser);
    // The pages are the customer's, on the internet; the service is on this machine's loopback, which
    // Chromium lets a public page reach only with the visitor's permission (Local Network Access).
    await visitor.context.grantPermissions(['local-network-access'], { origin: SHOP });
    // The customer's pages on their allowed origin, with the snippet the Install page gives.
    await visitor.context.route(`${SHOP}/**`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html lang="${new URL(route.request().url()).pathname.slice(1)}"><head><title>Acme Dental</title></head>
          <body><main><h1>Acme Dental</h1></main>${acme.site.embedSnippet.replace(/^<script src="[^"]*\/widget\.js"/, `<script src="${portal}/widget.js"`)}</body></html>`,
      }),
    );
    /** Open the chat on the page and wait for the greeting the site's config gives (the widget's own shows first). */
    const greets = async (page: Page, text: string) => {
      await page.locator('tessera-chat [part~="launcher"]').click();
      await expect.poll(async () => (await page.locator('tessera-chat [part~="greeting"]').textContent())?.trim()).toBe(text);
    };
    await visitor.page.goto(`${SHOP}/fr`);
    await greets(visitor.page, 'Assistant\u202f: Bonjour, que pouvons-nous pour vous ?');
    await checkScreen(visitor.page, 'visitor-page-fr');
    await visitor.page.reload();
    await greets(visitor.page, 'Assistant\u202f: Bonjour, que pouvons-nous pour vous ?');
    await visitor.page.goto(`${SHOP}/en`);
    await greets(visitor.page, 'Assistant: Welcome to Acme Dental!');
    problems.push(...visitor.problems);
    await visitor.context.close();
  });

  it('removes a saved language after a confirmation: the save sends it as null', async () => {
    const patches: unknown[] = [];
    owner.on('request', (r) => r.method() === 'PATCH' && patches.push(r.postDataJSON()));
    await owner.getByRole('button', { name: 'Add a language' }).click();
    await owner.locator('sl-dialog sl-select[label="Language"]').click();
    await owner.locator('sl-dialog sl-option', { hasText: 'German · Deutsch (de)' }).click();
    await owner.locator('sl-dialog sl-button[variant="primary"]').click();
    await field(owner, 'Title').fill('Hilfe');
    await owner.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => patches.length).toBe(1);
    expect(patches[0]).toEqual({ translations: { de: { title: 'Hilfe' } } });
    await expect.poll(() => deepText(owner)).toContain('Saved.');

    await owner.getByRole('button', { name: 'Remove German' }).click();
    await owner.getByRole('dialog', { name: 'Remove the German texts?' }).waitFor();
    await checkScreen(owner, 'space-widget-remove-language');
    await owner.locator('sl-dialog sl-button[variant="danger"]').click();
    await expect.poll(() => owner.getByRole('dialog', { name: 'Remove the German texts?' }).count()).toBe(0);
    expect(await owner.locator('sl-select[label="Texts for"]').evaluate((el) => (el as HTMLSelectElement).value)).toBe('default');
    await owner.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => patches.length).toBe(2);
    expect(patches[1]).toEqual({ translations: { de: null } });
    await expect.poll(() => deepText(owner)).toContain('Saved.');
    const config = (await stack.fetch(`/v1/sites/${acme.site.siteKey}/config`)).json;
    expect(Object.keys(config.translations)).toEqual(['fr']);
  });

  it('edits the texts per language on a phone, 390 px wide', async () => {
    const phone = await person(browser, { width: 390 });
    await phone.context.addCookies((await owner.context().cookies()).filter((c) => c.name === '__Host-portal'));
    await phone.page.goto(space('/widget'));
    await heading(phone.page, 'Widget');
    await phone.page.locator('sl-select[label="Texts for"]').click();
    await phone.page.locator('sl-option', { hasText: 'French · français (fr)' }).click();
    await expect.poll(() => field(phone.page, 'Greeting').inputValue()).toBe('Bonjour, que pouvons-nous pour vous ?');
    await checkScreen(phone.page, 'space-widget-french-390');
    await phone.page.getByRole('button', { name: 'Remove French' }).click();
    await phone.page.getByRole('dialog', { name: 'Remove the French texts?' }).waitFor();
    await checkScreen(phone.page, 'space-widget-remove-language-390');
    await phone.page.keyboard.press('Escape');
    await expect.poll(() => phone.page.getByRole('dialog', { name: 'Remove the French texts?' }).count()).toBe(0);
    // Cancelled: French is still there, and focus is back on the button that asked.
    expect(await phone.page.locator('sl-select[label="Texts for"]').evaluate((el) => (el as HTMLSelectElement).value)).toBe('fr');
    await expect.poll(async () => (await focusedControl(phone.page)).className).toContain('remove-language');
    await phone.page.getByRole('button', { name: 'Add a language' }).click();
    await phone.page.getByRole('dialog', { name: 'Add a language' }).waitFor();
    await checkScreen(phone.page, 'space-widget-add-language-390');
    problems.push(...phone.problems);
    await phone.context.close();
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
    // A viewer looks at every language's texts, and cannot add or remove one.
    expect(await v.page.getByRole('button', { name: 'Add a language' }).count()).toBe(0);
    await v.page.locator('sl-select[label="Texts for"]').click();
    await v.page.locator('sl-option', { hasText: 'French · français (fr)' }).click();
    await expect.poll(() => field(v.page, 'Greeting').inputValue()).toBe('Bonjour, que pouvons-nous pour vous ?');
    expect(await v.page.locator('sl-textarea[label="Greeting"]').evaluate((el) => (el as HTMLTextAreaElement).disabled)).toBe(
      true,
    );
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

describe("the home's figures per site", () => {
  it('answers and ratings beside the traffic; a second site gets its own row, and the home narrows to it', async () => {
    // The conversation above is gone; a new one on a second site, answered and rated up.
    const blog = await stack.admin('POST', `/tenants/${acme.tenant.id}/sites`, {
      name: 'Acme Blog',
      allowedOrigins: [OTHER],
      botId: acme.bot.id,
    });
    expect(blog.status, blog.text).toBe(201);
    const visitor = await stack.visitor(blog.json.siteKey, OTHER);
    const { json } = await visitor.createConversation();
    const answer = await visitor.ask(json.conversationId, 'Do you sell gift cards?');
    const done = parseSse(answer.text).find((e) => e.event === 'done')!.data as { messageId: string };
    const rated = await stack.fetch(
      `/v1/sites/${blog.json.siteKey}/conversations/${json.conversationId}/messages/${done.messageId}/feedback`,
      { method: 'POST', headers: visitor.headers(), body: JSON.stringify({ rating: 'up' }) },
    );
    expect(rated.status).toBe(200);

    await owner.goto(space());
    await heading(owner, 'Your chat for Acme Dental');
    await owner.getByRole('heading', { name: 'By site' }).waitFor();
    const text = await deepText(owner);
    // In total: two answers completed, one rated down (the first site), one up (the second).
    expect(text).toMatch(/Answers completed\s*2\b/);
    expect(text).toMatch(/Thumbs up\s*1\b/);
    expect(text).toMatch(/Thumbs down\s*1\b/);
    const rows = owner.locator('.by-site tbody tr');
    expect(await rows.count()).toBe(2);
    await expect.poll(() => rows.nth(1).innerText()).toMatch(/Acme Blog\s+1\s+1\s+1\s+1\s+0\s+1\s+0/);
    await owner.locator('portal-usage-chart canvas').nth(1).waitFor();
    await checkScreen(owner, 'space-home-sites');

    // One site: its own figures, the URL says which, the quota (the customer's) is not shown.
    await owner.getByRole('link', { name: 'Acme Blog' }).click();
    await expect.poll(() => new URL(owner.url()).searchParams.get('site')).toBe(blog.json.id);
    await expect.poll(() => deepText(owner)).toMatch(/Thumbs down\s*0\b/);
    const narrowed = await deepText(owner);
    expect(narrowed).toMatch(/Thumbs up\s*1\b/);
    expect(narrowed).not.toContain('Messages left today');
    await checkScreen(owner, 'space-home-one-site');
    // Back to all sites from the picker; the period is kept.
    await owner.getByRole('radio', { name: 'Last 7 days' }).click();
    await owner.getByRole('combobox', { name: 'Site' }).click();
    await owner.getByRole('option', { name: 'All sites' }).click();
    await expect.poll(() => new URL(owner.url()).searchParams.get('site')).toBeNull();
    expect(new URL(owner.url()).searchParams.get('days')).toBe('7');
    await expect.poll(() => deepText(owner)).toMatch(/Thumbs down\s*1\b/);
  });
});

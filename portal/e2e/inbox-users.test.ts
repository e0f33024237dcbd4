/**
 * Signed-in visitors in the inbox, in Chromium against the real service and emulator: conversations
 * made through the real session API with identity tokens (signed with a secret made through the
 * admin API) show their user by name (else their user id) with the email only when the site sent
 * one; a click on the name, or the User filter, lists only that user's conversations and the URL
 * keeps it (a reload shows the same); the transcript names the user in its header. Every screen is
 * checked by axe-core and for CSP violations, at 1280 and 390 px.
 */
import { createHmac } from 'node:crypto';
import type { Wire } from '@tessera/protocol';
import type { Stack } from '@tessera/testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkScreen, deepText, heading, launch, person, startPortalStack } from './support.js';

const SHOP = 'https://shop.example';
const ADA = { sub: 'user-8472', name: 'Ada Lovelace', email: 'ada@shop.example' };
const GRACE = { sub: 'user-1906' };
let stack: Stack;
let portal: string;
let browser: Browser;
let acme: Wire.Onboarding;
let owner: Page;
let adaConversation: string;
const problems: string[] = [];

/** An HS256 identity token, as the customer's server signs it (docs/identity/sign-token.mjs). */
function signToken(secret: string, claims: { sub: string; name?: string; email?: string }): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const iat = Math.floor(Date.now() / 1000);
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ ...claims, aud: acme.site.siteKey, iat, exp: iat + 300 })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

/** A conversation of a visitor (signed in with `identity`, or anonymous): one question, one answer. */
async function conversation(question: string, identity?: string): Promise<string> {
  const s = await stack.session(acme.site.siteKey, SHOP, identity ? { identity } : undefined);
  expect(s.status, s.text).toBe(201);
  const headers = { origin: SHOP, authorization: `Bearer ${s.json.token}`, 'content-type': 'application/json' };
  const base = `/v1/sites/${acme.site.siteKey}/conversations`;
  const created = await stack.fetch(base, { method: 'POST', headers, body: '{}' });
  expect(created.status, created.text).toBe(201);
  await stack.fetch(`${base}/${created.json.conversationId}/messages`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ text: question }),
  });
  return created.json.conversationId;
}

beforeAll(async () => {
  ({ stack, portal } = await startPortalStack());
  acme = await stack.seedCustomer({ name: 'Acme Dental', origins: [SHOP] });
  const made = await stack.admin('POST', `/sites/${acme.site.id}/identity-secret`, {});
  expect(made.status, made.text).toBe(201);
  const secret: string = made.json.secret;
  await conversation('Is the practice open on Sunday?');
  await conversation('Can I pay by card?', signToken(secret, GRACE));
  adaConversation = await conversation('Can I move my appointment?', signToken(secret, ADA));
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  expect(problems).toEqual([]);
  expect(stack.findLeaks()).toEqual([]);
  await stack?.close();
});

const space = (path = '') => `${portal}/portal/t/${acme.tenant.id}${path}`;
const questionLinks = (page: Page) => page.locator('portal-inbox tbody th a').allInnerTexts();

describe('the inbox by signed-in user', () => {
  it('names each signed-in visitor (the email only when sent), and filters to one by a click on the name', async () => {
    const invite = await stack.admin('POST', `/tenants/${acme.tenant.id}/members`, {
      email: 'owner@acme.example',
      role: 'owner',
    });
    const p = await person(browser);
    owner = p.page;
    const url: string = invite.json.inviteUrl;
    await owner.goto(url.replace(new URL(url).origin, portal));
    await expect.poll(() => deepText(owner)).toContain('owner@acme.example');
    await owner.getByRole('button').click();
    await owner.waitForURL(/\/portal\/(?!links\/)/);

    await owner.goto(space('/conversations'));
    await heading(owner, 'Conversations');
    await owner.getByRole('link', { name: 'Can I move my appointment?' }).waitFor();
    const rows = owner.locator('portal-inbox tbody tr');
    expect(await rows.count()).toBe(3);
    const ada = await rows.filter({ hasText: 'Can I move my appointment?' }).innerText();
    expect(ada).toContain(ADA.name);
    expect(ada).toContain(ADA.email);
    // No name in the token: the user id stands in; no email: none shown.
    const grace = await rows.filter({ hasText: 'Can I pay by card?' }).innerText();
    expect(grace).toContain(GRACE.sub);
    expect(grace).not.toContain('@');
    // An anonymous visitor keeps the short visitor id.
    expect(await rows.filter({ hasText: 'Is the practice open on Sunday?' }).locator('code').count()).toBe(1);
    await checkScreen(owner, 'space-inbox-users');

    await owner.getByRole('button', { name: `${ADA.name}: show only their conversations` }).click();
    await expect.poll(() => new URL(owner.url()).searchParams.get('user')).toBe(ADA.sub);
    await expect.poll(() => questionLinks(owner)).toEqual(['Can I move my appointment?']);
    expect(await owner.getByLabel('User', { exact: true }).inputValue()).toBe(ADA.sub);

    // The URL keeps the filter: a reload shows the same list.
    await owner.reload();
    await heading(owner, 'Conversations');
    await expect.poll(() => questionLinks(owner)).toEqual(['Can I move my appointment?']);
    await checkScreen(owner, 'space-inbox-one-user');
    problems.push(...p.problems);
  });

  it("names the user in the transcript's header, and leads back to their conversations", async () => {
    await owner.goto(space(`/conversations/${adaConversation}`));
    await heading(owner, /^Conversation with Ada Lovelace, /);
    const facts = await owner.locator('portal-transcript dl.facts').innerText();
    expect(facts).toMatch(/User\s+Ada Lovelace user-8472/);
    expect(facts).toMatch(/Email\s+ada@shop\.example/);
    await checkScreen(owner, 'space-transcript-user');
    await owner.getByRole('link', { name: 'All their conversations' }).click();
    await heading(owner, 'Conversations');
    expect(new URL(owner.url()).searchParams.get('user')).toBe(ADA.sub);
    await expect.poll(() => questionLinks(owner)).toEqual(['Can I move my appointment?']);
  });

  it('filters by a user id typed in the User field (exact), and says when nobody matches', async () => {
    await owner.goto(space('/conversations'));
    await heading(owner, 'Conversations');
    await owner.getByLabel('User', { exact: true }).fill(GRACE.sub);
    await expect.poll(() => questionLinks(owner)).toEqual(['Can I pay by card?']);
    expect(new URL(owner.url()).searchParams.get('user')).toBe(GRACE.sub);
    await owner.getByLabel('User', { exact: true }).fill('user-19');
    await expect.poll(() => deepText(owner)).toContain('No conversation matches these filters');
    await owner.getByRole('button', { name: 'Clear the filters' }).click();
    await expect.poll(async () => (await questionLinks(owner)).length).toBe(3);
    expect(new URL(owner.url()).searchParams.get('user')).toBeNull();
  });

  it('the inbox by user and the transcript at 390 px wide', async () => {
    const phone = await person(browser, { width: 390 });
    await phone.context.addCookies((await owner.context().cookies()).filter((c) => c.name === '__Host-portal'));
    await phone.page.goto(space(`/conversations?user=${ADA.sub}`));
    await heading(phone.page, 'Conversations');
    await expect.poll(() => questionLinks(phone.page)).toEqual(['Can I move my appointment?']);
    await checkScreen(phone.page, 'space-inbox-one-user-390');
    await phone.page.goto(space(`/conversations/${adaConversation}`));
    await heading(phone.page, /^Conversation with Ada Lovelace, /);
    await checkScreen(phone.page, 'space-transcript-user-390');
    problems.push(...phone.problems);
  });
});

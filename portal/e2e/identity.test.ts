/**
 * Signed-in visitors on the Install screen, in Chromium against the real service and emulator: an
 * owner creates the site's identity secret (shown once, in a copy field with a warning; gone after
 * "I have copied it" and after a reload), and a token signed with it opens an identified session;
 * rotates it with a grace period of one hour (the old one is listed as retiring, and still
 * verifies); registers a public key (a key of the wrong curve is refused beside the field) and
 * removes it after a confirmation; turns the two settings on and off (saved at once, kept after a
 * reload). A viewer sees the keys and nothing to change. Every screen is checked by axe-core and for
 * CSP violations, at 1280 and 390 px, light and dark.
 */
import { createHmac, generateKeyPairSync } from 'node:crypto';
import type { Wire } from '@tessera/protocol';
import type { Stack } from '@tessera/testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkScreen, deepText, heading, launch, person, startPortalStack } from './support.js';

const SHOP = 'https://shop.example';
let stack: Stack;
let portal: string;
let browser: Browser;
let acme: Wire.Onboarding;
let owner: Page;
const problems: string[] = [];

beforeAll(async () => {
  ({ stack, portal } = await startPortalStack());
  acme = await stack.seedCustomer({ name: 'Acme Dental', origins: [SHOP] });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  expect(problems).toEqual([]);
  expect(stack.findLeaks()).toEqual([]);
  await stack?.close();
});

const install = () => `${portal}/portal/t/${acme.tenant.id}/install`;

/** A member of Acme with `role`, signed in through their invite link, in a browser profile of their own. */
async function member(email: string, role: Wire.Role, opts: Parameters<typeof person>[1] = {}) {
  const invite = await stack.admin('POST', `/tenants/${acme.tenant.id}/members`, { email, role });
  const p = await person(browser, opts);
  const url: string = invite.json.inviteUrl;
  await p.page.goto(url.replace(new URL(url).origin, portal));
  await expect.poll(() => deepText(p.page)).toContain(email);
  await p.page.getByRole('button').click();
  await p.page.waitForURL(/\/portal\/(?!links\/)/);
  return p;
}

/** An HS256 identity token for `sub`, as the customer's server signs it (docs/identity/sign-token.mjs). */
function signToken(secret: string, sub: string): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const iat = Math.floor(Date.now() / 1000);
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub, aud: acme.site.siteKey, iat, exp: iat + 300 })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

/** A session for a visitor of the shop signed in with `token` (which must never reach a log line). */
function session(token: string) {
  stack.portalSecrets.push(token);
  return stack.session(acme.site.siteKey, SHOP, { identity: token });
}

/** The secret in the "New identity secret" copy field, or null when none is shown (the panel sits in shadow roots). */
const shownSecret = (page: Page) =>
  page.evaluate(() => {
    const walk = (root: Document | ShadowRoot): string | null => {
      for (const el of root.querySelectorAll('*')) {
        if (el.tagName === 'PORTAL-IDENTITY') return el.shadowRoot?.querySelector('.new-secret .copy-value')?.textContent ?? null;
        const found = el.shadowRoot ? walk(el.shadowRoot) : null;
        if (found !== null) return found;
      }
      return null;
    };
    return walk(document);
  });

/** The rows of the key table, as text. */
const keyRows = (page: Page) =>
  page
    .getByRole('region', { name: /^Identity keys of/ })
    .locator('tbody tr')
    .allInnerTexts();

const patchesOf = (page: Page) => {
  const out: unknown[] = [];
  page.on('request', (r) => r.method() === 'PATCH' && out.push(r.postDataJSON()));
  return out;
};

describe('signed-in visitors in the portal', () => {
  let first = '';

  it('an owner creates the secret: shown once with a warning, and a token signed with it opens an identified session', async () => {
    const p = await member('owner@acme.example', 'owner');
    owner = p.page;
    owner.on('console', () => problems.push(...p.problems.splice(0)));
    await owner.goto(install());
    await heading(owner, 'Install');
    await expect.poll(() => deepText(owner)).toContain('No secret or key yet');
    // Without a key, requiring sign-in cannot be turned on (nobody could chat).
    expect(await owner.getByRole('switch', { name: 'Only signed-in visitors can chat' }).isDisabled()).toBe(true);
    await checkScreen(owner, 'identity-empty');

    await owner.getByRole('button', { name: 'Create secret' }).click();
    await expect.poll(() => shownSecret(owner)).toMatch(/^[\w-]{43}$/);
    first = (await shownSecret(owner))!;
    stack.portalSecrets.push(first); // never in a log line (findLeaks)
    expect(await deepText(owner)).toContain('Copy the secret now: it will not be shown again.');
    expect(await keyRows(owner)).toEqual([expect.stringMatching(/^Secret\s+ik_\w+\s+Active\s+HS256/)]);
    await checkScreen(owner, 'identity-secret');

    const opened = await session(signToken(first, 'user-42'));
    expect([opened.status, opened.json.identified]).toEqual([201, true]);
    // A token signed with anything else is refused.
    const forged = await session(signToken('not-the-secret-'.repeat(3), 'user-42'));
    expect([forged.status, forged.json.error.code]).toEqual([401, 'identity_invalid']);
  });

  it('the secret is not shown again: neither after "I have copied it" nor after a reload', async () => {
    await owner.getByRole('button', { name: 'I have copied it' }).click();
    await expect.poll(() => shownSecret(owner)).toBeNull();
    expect(await deepText(owner)).not.toContain(first);
    await owner.reload();
    await heading(owner, 'Install');
    await expect.poll(() => keyRows(owner)).toHaveLength(1);
    expect(await deepText(owner)).not.toContain(first);
    // Nor does the API ever answer with it again.
    const listed = await owner.evaluate(
      async ([t, s]) => (await fetch(`/portal/api/tenants/${t}/sites/${s}/identity-keys`)).text(),
      [acme.tenant.id, acme.site.id] as const,
    );
    expect(listed).not.toContain(first);
  });

  it('rotates the secret with a grace of one hour: a new one shown once, the old one retiring and still verifying', async () => {
    await owner.getByRole('button', { name: 'Rotate secret' }).click();
    await owner.getByRole('dialog', { name: 'Rotate the secret?' }).waitFor();
    // The dialog's buttons are its light-DOM children (slotted), not inside its shadow role=dialog.
    const dialog = owner.locator('sl-dialog[label="Rotate the secret?"]');
    // One day is chosen until the person picks another.
    expect(await owner.getByRole('radio', { name: '1 day' }).getAttribute('aria-checked')).toBe('true');
    await owner.getByRole('radio', { name: '1 hour' }).click();
    await checkScreen(owner, 'identity-rotate');
    await dialog.getByRole('button', { name: 'Rotate secret' }).click();
    await expect.poll(async () => (await shownSecret(owner)) ?? first).not.toBe(first);
    const second = (await shownSecret(owner))!;
    stack.portalSecrets.push(second);
    await expect.poll(() => keyRows(owner)).toHaveLength(2);
    const rows = await keyRows(owner);
    expect(rows[0]).toMatch(/Retires in (60 minutes|1 hour)/);
    expect(rows[1]).toMatch(/Active/);
    await checkScreen(owner, 'identity-rotated');

    const byOld = await session(signToken(first, 'user-42'));
    const byNew = await session(signToken(second, 'user-42'));
    expect([byOld.status, byNew.status]).toEqual([201, 201]);
    expect(byOld.json.visitorId).toBe(byNew.json.visitorId);
    await owner.getByRole('button', { name: 'I have copied it' }).click();
  });

  it('registers a public key: one of the wrong curve is refused beside the field, then added; removed after a confirmation', async () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    await owner.getByRole('button', { name: 'Use a public key instead' }).click();
    await owner.getByLabel('Public key (PEM)').fill(p256);
    // EdDSA is chosen first: a P-256 key does not fit it.
    await owner.getByRole('button', { name: 'Add key' }).click();
    const help = owner.locator('portal-identity sl-textarea .field-error');
    await expect.poll(() => help.textContent()).toMatch(/Ed25519/);
    await checkScreen(owner, 'identity-key-error');

    await owner.getByRole('combobox', { name: 'Algorithm' }).click();
    await owner.getByRole('option', { name: 'ES256 (P-256)' }).click();
    await owner.getByRole('button', { name: 'Add key' }).click();
    await expect.poll(() => keyRows(owner)).toHaveLength(3);
    expect((await keyRows(owner))[2]).toMatch(/^Public key\s+ik_\w+\s+Active\s+ES256/);

    await owner.getByRole('button', { name: /^Remove public key/ }).click();
    await owner.getByRole('dialog', { name: 'Remove this key?' }).waitFor();
    const dialog = owner.locator('sl-dialog[label="Remove this key?"]');
    await checkScreen(owner, 'identity-remove');
    await dialog.getByRole('button', { name: 'Remove key' }).click();
    await expect.poll(() => keyRows(owner)).toHaveLength(2);
    expect((await keyRows(owner)).join('\n')).not.toContain('Public key');
  });

  it('turns both settings on and off: each saved alone at once, kept after a reload, and in the widget config', async () => {
    const patches = patchesOf(owner);
    const REQUIRED = 'Only signed-in visitors can chat';
    const ADOPT = 'Keep the conversation a visitor started before signing in';
    const required = owner.getByRole('switch', { name: REQUIRED });
    const adopt = owner.getByRole('switch', { name: ADOPT });
    expect([await required.isChecked(), await adopt.isChecked()]).toEqual([false, true]);
    // With the keyboard, as the switches' inputs sit visually hidden under their tracks.
    await required.focus();
    await owner.keyboard.press('Space');
    await expect.poll(() => patches.length).toBe(1);
    await adopt.focus();
    await owner.keyboard.press('Space');
    await expect.poll(() => patches.length).toBe(2);
    expect(patches).toEqual([{ identityRequired: true }, { identityAdopt: false }]);
    await expect.poll(() => deepText(owner)).toContain('Saved.');

    await owner.reload();
    await heading(owner, 'Install');
    await expect.poll(() => required.isChecked()).toBe(true);
    expect(await adopt.isChecked()).toBe(false);
    expect((await stack.fetch(`/v1/sites/${acme.site.siteKey}/config`)).json.identityRequired).toBe(true);
    const site = await stack.admin('GET', `/sites/${acme.site.id}`);
    expect([site.json.identityRequired, site.json.identityAdopt]).toEqual([true, false]);
    await checkScreen(owner, 'identity-toggles');

    // An anonymous visitor is refused now; a signed-in one is let in.
    const anonymous = await stack.fetch(`/v1/sites/${acme.site.siteKey}/sessions`, { method: 'POST', headers: { origin: SHOP } });
    expect([anonymous.status, anonymous.json.error.code]).toEqual([401, 'identity_required']);

    await adopt.focus();
    await owner.keyboard.press('Space');
    await expect.poll(() => patches.length).toBe(3);
    expect(patches.at(-1)).toEqual({ identityAdopt: true });
  });

  it('a viewer sees the keys and the settings, and can change nothing', async () => {
    const v = await member('viewer@acme.example', 'viewer');
    await v.page.goto(install());
    await heading(v.page, 'Install');
    await expect.poll(() => keyRows(v.page)).toHaveLength(2);
    const text = await deepText(v.page);
    expect(text).toContain('Only an owner of this customer can create secrets and add keys.');
    for (const name of ['Create secret', 'Rotate secret', 'Use a public key instead', /^Remove/]) {
      expect(await v.page.getByRole('button', { name }).count(), String(name)).toBe(0);
    }
    expect(await v.page.getByRole('switch', { name: 'Only signed-in visitors can chat' }).isDisabled()).toBe(true);
    await checkScreen(v.page, 'identity-viewer');
    // The service refuses it too.
    const tried = await v.page.evaluate(
      async ([t, s]) =>
        (await fetch(`/portal/api/tenants/${t}/sites/${s}/identity-secret`, { method: 'POST', referrerPolicy: 'same-origin' }))
          .status,
      [acme.tenant.id, acme.site.id] as const,
    );
    expect(tried).toBe(403);
    problems.push(...v.problems);
    await v.context.close();
  });

  it('at 390 px and in dark mode, light and dark', async () => {
    const cookies = (await owner.context().cookies()).filter((c) => c.name === '__Host-portal');
    for (const [opts, name] of [
      [{ width: 390 }, 'identity-390'],
      [{ width: 390, colorScheme: 'dark' }, 'identity-390-dark'],
      [{ colorScheme: 'dark' }, 'identity-dark'],
    ] as const) {
      const p = await person(browser, opts);
      await p.context.addCookies(cookies);
      await p.page.goto(install());
      await heading(p.page, 'Install');
      await expect.poll(() => keyRows(p.page)).toHaveLength(2);
      await checkScreen(p.page, name);
      if (name === 'identity-390') {
        // The rotation dialog on a phone.
        await p.page.getByRole('button', { name: 'Rotate secret' }).click();
        await p.page.getByRole('dialog', { name: 'Rotate the secret?' }).waitFor();
        await checkScreen(p.page, 'identity-rotate-390');
      }
      problems.push(...p.problems);
      await p.context.close();
    }
  });
});

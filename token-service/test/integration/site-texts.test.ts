/**
 * A site's title, subtitle, greeting and starter prompts per language over HTTP against the real service and
 * store: given with a new site, changed as JSON merge patches (RFC 7396) by the partner and by a
 * customer's editor, refused with the field's path, and what the widget is told (config, session).
 */
import type { PortalPerson } from '@tessera/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Stack } from '../support/stack.js';

const ORIGIN = 'https://shop.example';
let stack: Stack;

beforeAll(async () => {
  stack = await Stack.start();
});
afterAll(async () => {
  expect(stack.findLeaks()).toEqual([]);
  await stack.close();
});

const FR = { title: 'Aide boutique', greeting: 'Bonjour !', starterPrompts: ['Vos horaires ?'] };
const DE = { greeting: 'Hallo!' };

/** A site with French and German texts, and a PATCH of it as a merge patch. */
async function siteWithTexts() {
  const customer = await stack.seedCustomer({ origins: [ORIGIN], site: { translations: { fr: FR, de: DE } } });
  const patch = (body: unknown) =>
    stack.fetch(`/admin/v1/sites/${customer.site.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify(body),
    });
  const config = async () =>
    (await stack.fetch(`/v1/sites/${customer.site.siteKey}/config`, { headers: { origin: ORIGIN } })).json;
  return { ...customer, patch, config };
}

describe('texts per language (admin API)', () => {
  it('come with a new site and reach the public config and the session', async () => {
    const { site, config } = await siteWithTexts();
    expect(site.translations).toEqual({ fr: FR, de: DE });
    expect((await config()).translations).toEqual({ fr: FR, de: DE });
    const session = await stack.session(site.siteKey, ORIGIN);
    expect(session.json.config.translations).toEqual({ fr: FR, de: DE });
  });

  it('change one text of one language; null removes a text, a language, or them all; the rest is kept', async () => {
    const { site, patch, config } = await siteWithTexts();
    const one = await patch({ translations: { fr: { greeting: 'Salut !' } } });
    expect(one.status).toBe(200);
    expect(one.json.translations).toEqual({ fr: { ...FR, greeting: 'Salut !' }, de: DE });
    expect(one.json).toMatchObject({ title: 'Shop help', greeting: 'Hi!', starterPrompts: ['When are you open?'] });
    // The widget is told at once (the config is read through a cache the change invalidates).
    expect((await config()).translations.fr.greeting).toBe('Salut !');

    const field = await patch({ translations: { fr: { title: null }, 'es-MX': { greeting: '¡Hola!' } } });
    expect(field.json.translations).toEqual({
      fr: { greeting: 'Salut !', starterPrompts: FR.starterPrompts },
      de: DE,
      'es-mx': { greeting: '¡Hola!' },
    });

    const language = await patch({ translations: { de: null }, greeting: 'Hello there' });
    expect(Object.keys(language.json.translations).sort()).toEqual(['es-mx', 'fr']);
    expect(language.json.greeting).toBe('Hello there');

    // A change that names nothing of the translations keeps them.
    expect((await patch({ title: 'Help' })).json.translations).toHaveProperty('fr');
    const all = await patch({ translations: null });
    expect(all.json.translations).toEqual({});
    expect((await stack.admin('GET', `/sites/${site.id}`)).json.translations).toEqual({});
  });

  it('a tag in another case is the same language', async () => {
    const { patch } = await siteWithTexts();
    const res = await patch({ translations: { FR: { greeting: 'Coucou' }, 'pt-BR': { title: 'Ajuda' } } });
    expect(res.json.translations).toEqual({ fr: { ...FR, greeting: 'Coucou' }, de: DE, 'pt-br': { title: 'Ajuda' } });
  });

  it.each([
    [{ fr_FR: { greeting: 'Bonjour' } }, 'translations.fr_FR', 'must be a language tag like fr or fr-CA'],
    [{ '../x': {} }, 'translations.../x', 'must be a language tag like fr or fr-CA'],
    [{ fr: { greeting: '   ' } }, 'translations.fr.greeting', 'must not be empty'],
    [{ fr: { title: 'x'.repeat(81) } }, 'translations.fr.title', 'must be at most 80 characters'],
    [
      { fr: { starterPrompts: ['ok', 'Salut\u202E'] } },
      'translations.fr.starterPrompts.1',
      expect.stringMatching(/text-direction/),
    ],
    [{ fr: { theme: {} } }, 'translations.fr', 'unknown field(s): theme'],
  ])('refuses %j with 400 invalid_request at %s, changing nothing', async (translations, path, message) => {
    const { site, patch } = await siteWithTexts();
    const res = await patch({ translations, title: 'Changed' });
    expect([res.status, res.json.error.code]).toEqual([400, 'invalid_request']);
    expect(res.json.error.issues).toEqual([{ path, message }]);
    expect((await stack.admin('GET', `/sites/${site.id}`)).json).toMatchObject({
      title: 'Shop help',
      translations: { fr: FR, de: DE },
    });
  });

  it('refuses more than 20 languages, counting those kept with those added', async () => {
    const { site, patch } = await siteWithTexts();
    const tags = (n: number, from: number) => Array.from({ length: n }, (_, i) => `x${String.fromCharCode(97 + from + i)}`);
    const add = (list: string[]) => Object.fromEntries(list.map((t) => [t, { title: `Help ${t}` }]));
    expect((await patch({ translations: add(tags(18, 0)) })).status).toBe(200);
    const over = await patch({ translations: add(tags(1, 18)) });
    expect([over.status, over.json.error.code, over.json.error.issues]).toEqual([
      400,
      'invalid_request',
      [{ path: 'translations', message: 'must have at most 20 languages' }],
    ]);
    expect(Object.keys((await stack.admin('GET', `/sites/${site.id}`)).json.translations)).toHaveLength(20);
    // Removing one makes room for another, in the same change.
    expect((await patch({ translations: { de: null, ...add(tags(1, 18)) } })).status).toBe(200);
    const created = await stack.admin('POST', `/tenants/${site.tenantId}/sites`, {
      name: 'Too many',
      allowedOrigins: [ORIGIN],
      botId: site.botId,
      translations: add([...tags(20, 0), 'zz']),
    });
    expect([created.status, created.json.error.issues]).toEqual([
      400,
      [{ path: 'translations', message: 'must have at most 20 languages' }],
    ]);
  });
});

describe('the subtitle (the line under the title in the widget header)', () => {
  const SUBTITLE = 'AI assistant · answers instantly';

  it('comes with a new site, reaches the config and the session, is kept by other changes and removed by null', async () => {
    const { site, patch, config } = await siteWithTexts();
    expect(site.subtitle).toBeNull();
    expect((await config()).subtitle).toBeNull();
    const created = await stack.admin('POST', `/tenants/${site.tenantId}/sites`, {
      name: 'With subtitle',
      allowedOrigins: [ORIGIN],
      botId: site.botId,
      subtitle: SUBTITLE,
      translations: { fr: { subtitle: 'Assistant IA · répond aussitôt' } },
    });
    expect([created.status, created.json.subtitle]).toEqual([201, SUBTITLE]);
    expect(created.json.translations.fr).toEqual({ subtitle: 'Assistant IA · répond aussitôt' });
    expect((await stack.session(created.json.siteKey, ORIGIN)).json.config.subtitle).toBe(SUBTITLE);

    expect((await patch({ subtitle: SUBTITLE, translations: { fr: { subtitle: 'Assistant IA' } } })).json).toMatchObject({
      subtitle: SUBTITLE,
      translations: { fr: { ...FR, subtitle: 'Assistant IA' } },
    });
    expect(await config()).toMatchObject({ subtitle: SUBTITLE, translations: { fr: { subtitle: 'Assistant IA' } } });
    expect((await patch({ title: 'Help' })).json.subtitle).toBe(SUBTITLE);
    const removed = await patch({ subtitle: null, translations: { fr: { subtitle: null } } });
    expect([removed.json.subtitle, removed.json.translations.fr]).toEqual([null, FR]);
    expect((await stack.admin('GET', `/sites/${site.id}`)).json.subtitle).toBeNull();
    expect((await config()).subtitle).toBeNull();
  });

  it.each([
    ['', 'must not be empty'],
    ['x'.repeat(81), 'must be at most 80 characters'],
    ['AI\u2066assistant', 'must not contain invisible or text-direction control characters'],
  ])('refuses %j with 400 invalid_request at subtitle, changing nothing', async (subtitle, message) => {
    const { site, patch } = await siteWithTexts();
    await patch({ subtitle: SUBTITLE });
    const res = await patch({ subtitle, title: 'Changed' });
    expect([res.status, res.json.error.code, res.json.error.issues]).toEqual([
      400,
      'invalid_request',
      [{ path: 'subtitle', message }],
    ]);
    expect((await stack.admin('GET', `/sites/${site.id}`)).json).toMatchObject({ title: 'Shop help', subtitle: SUBTITLE });
  });
});

describe("texts per language (the customer's widget settings)", () => {
  async function editorOf(tenantId: string): Promise<PortalPerson> {
    const invite = await stack.admin('POST', `/tenants/${tenantId}/members`, {
      email: `editor-${Math.random().toString(36).slice(2, 8)}@customer.example`,
      role: 'editor',
    });
    const person = stack.person();
    expect((await person.useLink(invite.json.inviteUrl)).used.status).toBe(303);
    return person;
  }

  it("an editor's patch changes only the language's text it names; errors name the field", async () => {
    const { tenant, site, config } = await siteWithTexts();
    const editor = await editorOf(tenant.id);
    const path = `tenants/${tenant.id}/sites/${site.id}`;
    const saved = await editor.call('PATCH', path, { translations: { fr: { greeting: 'Bienvenue !' } } });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.json.translations).toEqual({ fr: { ...FR, greeting: 'Bienvenue !' }, de: DE });
    expect(saved.json.greeting).toBe('Hi!');
    expect((await config()).translations.fr.greeting).toBe('Bienvenue !');
    const bad = await editor.call('PATCH', path, { translations: { fr: { starterPrompts: ['x'.repeat(121)] } } });
    expect([bad.status, bad.json.error.issues]).toEqual([
      400,
      [{ path: 'translations.fr.starterPrompts.0', message: 'must be at most 120 characters' }],
    ]);
  });

  it("an editor sets the subtitle and a language's own, and removes it with null; a bad one names the field", async () => {
    const { tenant, site, config } = await siteWithTexts();
    const editor = await editorOf(tenant.id);
    const path = `tenants/${tenant.id}/sites/${site.id}`;
    const saved = await editor.call('PATCH', path, {
      subtitle: 'Replies in a minute',
      translations: { de: { subtitle: 'Antwortet sofort' } },
    });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.json).toMatchObject({
      subtitle: 'Replies in a minute',
      translations: { de: { ...DE, subtitle: 'Antwortet sofort' } },
    });
    expect(await config()).toMatchObject({
      subtitle: 'Replies in a minute',
      translations: { de: { subtitle: 'Antwortet sofort' } },
    });
    expect((await editor.call('PATCH', path, { subtitle: null })).json.subtitle).toBeNull();
    const bad = await editor.call('PATCH', path, { subtitle: 'two\nlines' });
    expect([bad.status, bad.json.error.code, bad.json.error.issues]).toEqual([
      400,
      'invalid_request',
      [{ path: 'subtitle', message: 'must not contain control characters' }],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { CreateSiteRequest, LIMITS, SiteConfig, Translations, UpdateSiteRequest, UpdateWidgetRequest } from './index.js';

/** The issues of a failed parse as `path: message`, the way the service reports them. */
function issues(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  expect(result.success).toBe(false);
  return result.error!.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`);
}

/** `n` languages (`aa`, `ab`, …), each with `texts`. */
const many = (n: number, texts: unknown = {}) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [String.fromCharCode(97 + Math.floor(i / 26), 97 + (i % 26)), texts]));

describe('translations', () => {
  it('takes texts per language and lower-cases the tags', () => {
    expect(
      Translations.parse({ fr: { greeting: ' Bonjour ', starterPrompts: ['Horaires ?'] }, 'fr-CA': { title: 'Aide' }, de: {} }),
    ).toEqual({ fr: { greeting: 'Bonjour', starterPrompts: ['Horaires ?'] }, 'fr-ca': { title: 'Aide' }, de: {} });
  });

  it.each([
    [{ fr_CA: {} }, ['fr_CA: must be a language tag like fr or fr-CA']],
    [{ français: {} }, ['français: must be a language tag like fr or fr-CA']],
    [{ '': {} }, [': must be a language tag like fr or fr-CA']],
    [{ fr: { greeting: '' } }, ['fr.greeting: must not be empty']],
    [{ fr: { title: 'x'.repeat(LIMITS.title + 1) } }, [`fr.title: must be at most ${LIMITS.title} characters`]],
    [{ fr: { greeting: 'Bon\u202Ejour' } }, ['fr.greeting: must not contain invisible or text-direction control characters']],
    [
      { fr: { starterPrompts: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] } },
      ['fr.starterPrompts: Too big: expected array to have <=6 items'],
    ],
    [{ fr: { starterPrompts: ['ok', 'line\nbreak'] } }, ['fr.starterPrompts.1: must not contain control characters']],
    [{ fr: { greeting: null } }, ['fr.greeting: Invalid input: expected string, received null']],
    [{ fr: { colour: 'red' } }, ['fr: Unrecognized key: "colour"']],
    [{ 'fr-CA': {}, 'fr-ca': {} }, ['fr-ca: names a language already given in another case']],
  ])('refuses %j, saying where', (value, expected) => {
    expect(issues(Translations.safeParse(value))).toEqual(expected);
  });

  it(`caps the languages at ${LIMITS.translations}`, () => {
    expect(Translations.safeParse(many(LIMITS.translations)).success).toBe(true);
    expect(issues(Translations.safeParse(many(LIMITS.translations + 1)))).toEqual([
      `: must have at most ${LIMITS.translations} languages`,
    ]);
  });

  it('is part of a new site, the public config, and the widget settings a customer may change', () => {
    const site = { name: 'Shop', allowedOrigins: ['https://shop.example'], botId: 'b1' };
    expect(CreateSiteRequest.parse({ ...site, translations: { FR: { greeting: 'Salut' } } }).translations).toEqual({
      fr: { greeting: 'Salut' },
    });
    expect(CreateSiteRequest.parse(site).translations).toBeUndefined();
    expect(UpdateWidgetRequest.parse({ translations: { fr: { greeting: 'Bonjour' } } })).toEqual({
      translations: { fr: { greeting: 'Bonjour' } },
    });
    const config = {
      siteKey: 'pk_0123456789abcdefABCDEF',
      title: 'Help',
      subtitle: null,
      greeting: null,
      starterPrompts: [],
      locale: null,
      theme: {},
      identityRequired: false,
    };
    expect(SiteConfig.safeParse({ ...config, translations: { fr: { title: 'Aide' } } }).success).toBe(true);
    expect(SiteConfig.safeParse(config).success).toBe(false);
  });
});

describe('translation patches (RFC 7396)', () => {
  it('takes null for a language, for one of its texts, and for them all', () => {
    expect(UpdateSiteRequest.parse({ translations: { FR: { greeting: null, title: 'Aide' }, de: null } })).toEqual({
      translations: { fr: { greeting: null, title: 'Aide' }, de: null },
    });
    expect(UpdateSiteRequest.parse({ translations: null })).toEqual({ translations: null });
  });

  it('checks the texts it sets as a new site would', () => {
    expect(issues(UpdateSiteRequest.safeParse({ translations: { fr: { greeting: 'x'.repeat(LIMITS.greeting + 1) } } }))).toEqual([
      `translations.fr.greeting: must be at most ${LIMITS.greeting} characters`,
    ]);
    expect(issues(UpdateSiteRequest.safeParse({ translations: { 'fr CA': { title: 'x' } } }))).toEqual([
      'translations.fr CA: must be a language tag like fr or fr-CA',
    ]);
  });

  it('counts only the languages it keeps or adds against the cap', () => {
    const removals = many(LIMITS.translations + 5, null);
    expect(UpdateSiteRequest.safeParse({ translations: removals }).success).toBe(true);
    expect(issues(UpdateSiteRequest.safeParse({ translations: many(LIMITS.translations + 1) }))).toEqual([
      `translations: must have at most ${LIMITS.translations} languages`,
    ]);
  });
});

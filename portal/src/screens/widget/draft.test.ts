import type * as Wire from '@tessera/protocol/types';
import { describe, expect, it } from 'vitest';
import { draftOf, emptyTexts, fieldErrors, languageOf, sitePatch } from './draft.js';

const site = {
  title: 'Shop help',
  subtitle: null,
  greeting: 'Hi!',
  starterPrompts: ['When are you open?'],
  locale: null,
  allowedOrigins: ['https://shop.example'],
  theme: { accentColor: '#0f766e', radius: 6 },
  translations: { fr: { greeting: 'Bonjour !', starterPrompts: ['Vos horaires ?'] }, de: { title: 'Hilfe' } },
} as unknown as Wire.Site;

describe('sitePatch', () => {
  it('is null when nothing changed, even though the form shows every field', () => {
    expect(sitePatch(site, draftOf(site))).toBeNull();
  });

  it('sends only what changed: a text, a theme setting; a cleared setting as null', () => {
    const d = draftOf(site);
    d.greeting = '  Welcome!  ';
    d.theme.radius = '';
    d.theme.density = 'compact';
    expect(sitePatch(site, d)).toEqual({ greeting: 'Welcome!', theme: { radius: null, density: 'compact' } });
  });

  it('sends a list whole, without its empty rows; an emptied greeting and the automatic locale as null', () => {
    const d = draftOf(site);
    d.allowedOrigins = ['https://shop.example', '  ', 'https://www.shop.example'];
    d.greeting = '';
    d.locale = 'de';
    expect(sitePatch(site, d)).toEqual({
      greeting: null,
      locale: 'de',
      allowedOrigins: ['https://shop.example', 'https://www.shop.example'],
    });
    expect(sitePatch({ ...site, locale: 'de' }, { ...draftOf(site), locale: '' })).toEqual({ locale: null });
  });

  it('sends a subtitle typed, trimmed, and an emptied one as null', () => {
    const d = draftOf(site);
    d.subtitle = '  AI assistant · answers instantly ';
    expect(sitePatch(site, d)).toEqual({ subtitle: 'AI assistant · answers instantly' });
    const withSubtitle = { ...site, subtitle: 'AI assistant' };
    expect(sitePatch(withSubtitle, draftOf(withSubtitle))).toBeNull();
    expect(sitePatch(withSubtitle, { ...draftOf(withSubtitle), subtitle: '  ' })).toEqual({ subtitle: null });
  });

  it('sends a reordered list', () => {
    const two = { ...site, starterPrompts: ['A?', 'B?'] };
    const d = draftOf(two);
    d.starterPrompts = ['B?', 'A?'];
    expect(sitePatch(two, d)).toEqual({ starterPrompts: ['B?', 'A?'] });
  });
});

describe('sitePatch: texts per language', () => {
  it("names only the one text of the one language that changed, and nothing of the site's own texts", () => {
    const d = draftOf(site);
    d.translations.fr!.greeting = '  Salut !  ';
    expect(sitePatch(site, d)).toEqual({ translations: { fr: { greeting: 'Salut !' } } });
  });

  it('sends an emptied text as null (the default shows again), and an emptied prompt list as null', () => {
    const d = draftOf(site);
    d.translations.fr!.greeting = '';
    d.translations.fr!.starterPrompts = ['  '];
    d.translations.de!.title = 'Hilfe';
    expect(sitePatch(site, d)).toEqual({ translations: { fr: { greeting: null, starterPrompts: null } } });
  });

  it("sends a language's subtitle alone, and an emptied one as null", () => {
    const d = draftOf(site);
    d.translations.de!.subtitle = ' KI-Assistent ';
    expect(sitePatch(site, d)).toEqual({ translations: { de: { subtitle: 'KI-Assistent' } } });
    const saved = { ...site, translations: { de: { title: 'Hilfe', subtitle: 'KI-Assistent' } } } as unknown as Wire.Site;
    const cleared = draftOf(saved);
    expect(cleared.translations.de!.subtitle).toBe('KI-Assistent');
    cleared.translations.de!.subtitle = '';
    expect(sitePatch(saved, cleared)).toEqual({ translations: { de: { subtitle: null } } });
  });

  it('sends a language added with its texts (none typed yet: an empty object), and one removed as null', () => {
    const d = draftOf(site);
    d.translations['es-mx'] = { ...emptyTexts(), title: 'Ayuda' };
    d.translations.it = emptyTexts();
    delete d.translations.de;
    expect(sitePatch(site, d)).toEqual({ translations: { de: null, 'es-mx': { title: 'Ayuda' }, it: {} } });
  });

  it('sends a reordered prompt list of a language whole', () => {
    const two = { ...site, translations: { fr: { starterPrompts: ['A ?', 'B ?'] } } } as unknown as Wire.Site;
    const d = draftOf(two);
    d.translations.fr!.starterPrompts = ['B ?', 'A ?'];
    expect(sitePatch(two, d)).toEqual({ translations: { fr: { starterPrompts: ['B ?', 'A ?'] } } });
  });
});

describe('fieldErrors', () => {
  it("puts the service's allowedOrigins.N on the row it came from (empty rows are not sent)", () => {
    const d = draftOf(site);
    d.allowedOrigins = ['https://shop.example', '', 'nope'];
    expect(fieldErrors({ 'allowedOrigins.1': 'must be an origin', 'theme.radius': 'too big' }, d)).toEqual({
      'allowedOrigins.2': 'must be an origin',
      'theme.radius': 'too big',
    });
  });

  it("puts a language's prompt error on the row it came from, and tells which language an issue is about", () => {
    const d = draftOf(site);
    d.translations.fr!.starterPrompts = ['', 'ok', 'x'.repeat(200)];
    expect(fieldErrors({ 'translations.fr.starterPrompts.1': 'too long', 'translations.fr.title': 'empty' }, d)).toEqual({
      'translations.fr.starterPrompts.2': 'too long',
      'translations.fr.title': 'empty',
    });
    expect([languageOf('translations.fr-ca.greeting'), languageOf('greeting'), languageOf('translations')]).toEqual([
      'fr-ca',
      null,
      null,
    ]);
  });
});

import type * as Wire from '@tessera/protocol/types';
import { describe, expect, it } from 'vitest';
import { draftOf, fieldErrors, sitePatch } from './draft.js';

const site = {
  title: 'Shop help',
  greeting: 'Hi!',
  starterPrompts: ['When are you open?'],
  locale: null,
  allowedOrigins: ['https://shop.example'],
  theme: { accentColor: '#0f766e', radius: 6 },
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

  it('sends a reordered list', () => {
    const two = { ...site, starterPrompts: ['A?', 'B?'] };
    const d = draftOf(two);
    d.starterPrompts = ['B?', 'A?'];
    expect(sitePatch(two, d)).toEqual({ starterPrompts: ['B?', 'A?'] });
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
});

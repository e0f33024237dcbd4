/**
 * The widget's words in its 20 languages: plural forms as each language counts (Intl.PluralRules in
 * the browser), every language's file complete with the launcher's labels, the visitor's language
 * picked as before.
 */
import { expect } from '@esm-bundle/chai';
import { isRtl, plural, pickLocale, type Plural, type Strings } from './index.js';
import { loadLocale } from './load.js';
import { LANGUAGES, LAUNCHER } from './locale.js';
import ar from './locales/ar.js';
import en from './locales/en.js';
import pl from './locales/pl.js';
import ru from './locales/ru.js';

/** Forms that name their category, to see which one each count picks. */
const NAMED: Plural = {
  zero: 'zero {n}',
  one: 'one {n}',
  two: 'two {n}',
  few: 'few {n}',
  many: 'many {n}',
  other: 'other {n}',
};
const COUNTS = [0, 1, 2, 5, 11, 21];

describe('plural()', () => {
  // CLDR's cardinal rules, written out here rather than asked of Intl.
  const expected: Record<string, string[]> = {
    en: ['other', 'one', 'other', 'other', 'other', 'other'],
    fr: ['one', 'one', 'other', 'other', 'other', 'other'],
    ar: ['zero', 'one', 'two', 'few', 'many', 'many'],
    pl: ['many', 'one', 'few', 'many', 'many', 'many'],
    ru: ['many', 'one', 'few', 'many', 'many', 'one'],
    ja: ['other', 'other', 'other', 'other', 'other', 'other'],
  };
  for (const [locale, categories] of Object.entries(expected)) {
    it(`picks ${locale}'s form for ${COUNTS.join(', ')}`, () => {
      const picked = COUNTS.map((n) => plural(NAMED, n, locale).split(' ')[0]);
      expect(picked).to.deep.equal(categories);
    });
  }

  it('writes the number as the language does', () => {
    expect(plural(NAMED, 4000, 'en')).to.equal('other 4,000');
    expect(plural(NAMED, 4000, 'de')).to.equal('other 4.000');
    expect(plural(NAMED, 4000, 'fr')).to.equal('other 4\u202f000');
    expect(plural(NAMED, 5, 'ar')).to.equal(`few ${new Intl.NumberFormat('ar').format(5)}`);
  });

  it('falls back to `other` for a form the text leaves out', () => {
    expect(plural({ other: '{n} Zeichen' }, 1, 'de')).to.equal('1 Zeichen');
    expect(plural({ one: 'one', other: '{n} left' }, 0, 'ar')).to.equal(`${new Intl.NumberFormat('ar').format(0)} left`);
  });

  it('reads naturally in the widget’s own words', () => {
    expect([1, 2].map((n) => plural(en.unread, n, 'en'))).to.deep.equal(['1 new message', '2 new messages']);
    expect([1, 2, 5, 21, 22].map((n) => plural(ru.unread, n, 'ru'))).to.deep.equal([
      '1 новое сообщение',
      '2 новых сообщения',
      '5 новых сообщений',
      '21 новое сообщение',
      '22 новых сообщения',
    ]);
    expect([1, 3, 12].map((n) => plural(pl.waitSeconds, n, 'pl'))).to.deep.equal([
      'Zbyt wiele wiadomości naraz. Spróbuj ponownie za 1\u00a0sekundę.',
      'Zbyt wiele wiadomości naraz. Spróbuj ponownie za 3\u00a0sekundy.',
      'Zbyt wiele wiadomości naraz. Spróbuj ponownie za 12\u00a0sekund.',
    ]);
    expect(plural(ar.unread, 2, 'ar')).to.equal('رسالتان جديدتان');
    expect(plural(en.tooLong, 4000, 'en')).to.equal('Your message is too long (at most 4,000 characters).');
  });
});

describe('the 20 languages’ words', () => {
  const all: [string, Strings][] = [];
  before(async () => {
    for (const tag of LANGUAGES) all.push([tag, tag === 'en' ? en : await loadLocale('', tag)]);
  });

  it('are 20, each loaded from its own file', () => {
    expect(all.map(([tag]) => tag)).to.deep.equal([...LANGUAGES]);
    expect(LANGUAGES).to.have.length(20);
    expect(new Set(all.map(([, s]) => s)).size).to.equal(20);
  });

  it('have every key, none empty, and a form `other` with the count for each plural text', () => {
    for (const [tag, s] of all) {
      expect(Object.keys(s).sort(), tag).to.deep.equal(Object.keys(en).sort());
      for (const [key, value] of Object.entries(s)) {
        if (typeof value === 'string') expect(value.trim(), `${tag}.${key}`).to.not.equal('');
        else expect(value.other, `${tag}.${key}.other`).to.contain('{n}');
      }
    }
  });

  it('use only the plural forms their language has', () => {
    for (const [tag, s] of all) {
      const has = new Intl.PluralRules(tag).resolvedOptions().pluralCategories as string[];
      for (const [key, value] of Object.entries(s)) {
        if (typeof value !== 'string')
          for (const form of Object.keys(value)) expect(has, `${tag}.${key}.${form}`).to.include(form);
      }
    }
  });

  it('label the launcher, each language in its own file: the first download has English’s (locale.ts’s LAUNCHER)', () => {
    expect(LAUNCHER).to.deep.equal({ open: en.open, close: en.close });
    expect(new Set(all.map(([, s]) => s.open)).size).to.equal(20);
    expect(new Set(all.map(([, s]) => s.close)).size).to.equal(20);
  });

  it('English is not a language to load (it comes with the panel)', () => {
    expect(all.filter(([, s]) => s === en)).to.have.length(1);
    expect(all.filter(([, s]) => s.send === 'Send').map(([tag]) => tag)).to.deep.equal(['en']);
  });
});

describe('pickLocale() and isRtl()', () => {
  it('picks the first candidate the widget speaks, by its language', () => {
    expect(pickLocale(undefined, 'nl-BE', 'de')[0]).to.equal('nl');
    expect(pickLocale(undefined, 'fi', 'zh-Hant-TW', 'en')[0]).to.equal('zh');
    expect(pickLocale(undefined, 'fi', null, undefined)[0]).to.equal('en');
    expect(pickLocale(undefined, 'PT_br')[0]).to.equal('pt');
  });

  it('takes the site’s texts of a language the widget does not speak when asked for first', () => {
    const texts = { fi: { greeting: 'Hei!' }, fr: { greeting: 'Salut !' } };
    expect(pickLocale(texts, 'fi-FI', 'fr')).to.deep.equal(['fr', { greeting: 'Hei!' }]);
  });

  it('writes Arabic and Hebrew right to left, and only those', () => {
    expect(LANGUAGES.filter(isRtl)).to.deep.equal(['ar', 'he']);
  });
});

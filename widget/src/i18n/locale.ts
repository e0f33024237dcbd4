/**
 * The languages the widget speaks, how it picks the visitor's, and the launcher's two labels in
 * English: the part of i18n that every page loads (the panel's words come with the panel in
 * English; another language's, the launcher's labels among them, load as soon as the element knows
 * the visitor's language: load.ts, locales/<tag>.ts).
 */
import type * as Wire from '@tessera/protocol/types';
import type { Strings } from './strings.js';

/** The languages of the widget's own words (a file each in locales/). */
// biome-ignore format: one line
export const LANGUAGES = [
  'en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'pl', 'sv', 'tr', 'ru', 'uk', 'ar', 'he', 'hi', 'ja', 'zh', 'ko', 'id', 'vi',
] as const;
export type Locale = (typeof LANGUAGES)[number];

/**
 * The launcher's labels in English (en.ts's: a test checks). Every other language's are in its
 * words' file, which the element fetches as soon as it knows the visitor's language: the 20
 * languages' labels here cost ~580 B of gzip in the first download.
 */
export const LAUNCHER: Pick<Strings, 'open' | 'close'> = { open: 'Open chat', close: 'Close chat' };

/**
 * The visitor's language, the first candidate whose language the widget speaks (`de-CH` → `de`;
 * English when none is), and the site's texts for the first candidate up to that one that the site
 * has texts for (its exact tag, else its language: `fr-CA` → `fr`; the service keeps tags
 * lower-case), or none (the site's own texts). So on a French page the texts are the French ones
 * whenever the widget's own words are French, and a language the widget has no words for (`fi`)
 * still gets the site's Finnish texts when the page or the browser asks for it first.
 */
export function pickLocale(
  texts: Wire.Translations | undefined,
  ...candidates: (string | null | undefined)[]
): [Locale, Wire.SiteTexts] {
  let found: Wire.SiteTexts | undefined;
  for (const tag of candidates) {
    const exact = tag?.toLowerCase();
    const lang = exact?.split(/[-_]/)[0];
    if (lang) {
      found ??= texts?.[exact!] ?? texts?.[lang];
      if ((LANGUAGES as readonly string[]).includes(lang)) return [lang as Locale, found ?? {}];
    }
  }
  return ['en', found ?? {}];
}

/** The languages written right to left. */
export const isRtl = (locale: Locale): boolean => locale === 'ar' || locale === 'he';

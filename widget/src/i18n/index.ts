/**
 * Locale choice (the element's, the tenant config's, the page's `lang`, the browser's), the site's
 * texts for it, and string formatting.
 */
import type * as Wire from '@tessera/protocol/types';
import { LOCALES, type Locale, type Strings } from './strings.js';

export type { Locale, Strings };

/**
 * The visitor's language, the first candidate whose language the widget speaks (`de-CH` → `de`;
 * English when none is), and the site's texts for the first candidate up to that one that the site
 * has texts for (its exact tag, else its language: `fr-CA` → `fr`; the service keeps tags
 * lower-case), or none (the site's own texts). So on a French page the texts are the French ones
 * whenever the widget's own words are French, and a language the widget has no words for (`nl`)
 * still gets the site's Dutch texts when the page or the browser asks for it first.
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
      if (Object.hasOwn(LOCALES, lang)) return [lang as Locale, found ?? {}];
    }
  }
  return ['en', found ?? {}];
}

export const stringsFor = (locale: Locale): Strings => LOCALES[locale];

export const isRtl = (locale: Locale): boolean => locale === 'ar';

/** Fill `{name}` placeholders. */
export function fmt(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));
}

/**
 * The languages the widget speaks, how it picks the visitor's, and the launcher's two labels: the
 * part of i18n that every page loads (the panel's strings come with the panel: strings.ts).
 */
import type * as Wire from '@tessera/protocol/types';

/** The languages of the widget's own words; the columns of every row of strings.ts. */
export const LANGUAGES = ['en', 'de', 'fr', 'es', 'ar'] as const;
export type Locale = (typeof LANGUAGES)[number];

export type Row = [en: string, de: string, fr: string, es: string, ar: string];

/** The launcher's label while the panel is closed. */
export const OPEN: Row = ['Open chat', 'Chat öffnen', 'Ouvrir le chat', 'Abrir el chat', 'فتح المحادثة'];
/** The launcher's label while open; the close buttons. */
export const CLOSE: Row = ['Close chat', 'Chat schließen', 'Fermer le chat', 'Cerrar el chat', 'إغلاق المحادثة'];

/** A row's text in `locale`. */
export const inLocale = (row: Row, locale: Locale): string => row[LANGUAGES.indexOf(locale)]!;

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
      if ((LANGUAGES as readonly string[]).includes(lang)) return [lang as Locale, found ?? {}];
    }
  }
  return ['en', found ?? {}];
}

export const isRtl = (locale: Locale): boolean => locale === 'ar';

/**
 * The languages the widget speaks, how it picks the visitor's, and the launcher's two labels: the
 * part of i18n that every page loads (the panel's words come with the panel in English, and load
 * for the visitor's language beside it: load.ts, locales/<tag>.ts).
 */
import type * as Wire from '@tessera/protocol/types';

/** The languages of the widget's own words (a file each in locales/); the columns of a Row. */
// biome-ignore format: one line
export const LANGUAGES = [
  'en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'pl', 'sv', 'tr', 'ru', 'uk', 'ar', 'he', 'hi', 'ja', 'zh', 'ko', 'id', 'vi',
] as const;
export type Locale = (typeof LANGUAGES)[number];

/** A text in every language, in LANGUAGES' order (a list, not an object: the keys would cost bytes). */
export type Row = Columns<typeof LANGUAGES>;
type Columns<T extends readonly string[]> = { -readonly [I in keyof T]: string };

/** The launcher's label while the panel is closed (the same as each locale file's `open`: a test checks). */
// biome-ignore format: a few languages a line
export const OPEN: Row = [
  'Open chat', 'Chat öffnen', 'Ouvrir le chat', 'Abrir el chat', 'Apri la chat', 'Abrir o chat', 'Chat openen',
  'Otwórz czat', 'Öppna chatten', 'Sohbeti aç', 'Открыть чат', 'Відкрити чат', 'فتح المحادثة', 'פתיחת הצ׳אט',
  'चैट खोलें', 'チャットを開く', '打开聊天', '채팅 열기', 'Buka chat', 'Mở trò chuyện',
];
/** The launcher's label while open (and each locale file's `close`, the panel's close button). */
// biome-ignore format: a few languages a line
export const CLOSE: Row = [
  'Close chat', 'Chat schließen', 'Fermer le chat', 'Cerrar el chat', 'Chiudi la chat', 'Fechar o chat', 'Chat sluiten',
  'Zamknij czat', 'Stäng chatten', 'Sohbeti kapat', 'Закрыть чат', 'Закрити чат', 'إغلاق المحادثة', 'סגירת הצ׳אט',
  'चैट बंद करें', 'チャットを閉じる', '关闭聊天', '채팅 닫기', 'Tutup chat', 'Đóng trò chuyện',
];

/** A row's text in `locale`. */
export const inLocale = (row: Row, locale: Locale): string => row[LANGUAGES.indexOf(locale)]!;

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

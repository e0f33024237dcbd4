/**
 * The languages a customer can give their widget's texts in, named by the browser (Intl.DisplayNames)
 * in English and in the language itself: "French · français (fr)". Tags are lower-case, as the
 * service stores them.
 */

/** Languages and regional variants a site most often needs; a site's own tags are shown even when not listed. */
// biome-ignore format: a list read as a block
const TAGS = [
  'af', 'ar', 'bg', 'bn', 'bs', 'ca', 'cs', 'cy', 'da', 'de', 'de-at', 'de-ch', 'el', 'en', 'en-gb', 'en-us', 'es',
  'es-mx', 'et', 'eu', 'fa', 'fi', 'fil', 'fr', 'fr-be', 'fr-ca', 'fr-ch', 'ga', 'gl', 'he', 'hi', 'hr', 'hu', 'hy', 'id',
  'is', 'it', 'ja', 'ka', 'kk', 'ko', 'lt', 'lv', 'mk', 'ms', 'mt', 'nb', 'nl', 'nl-be', 'pl', 'pt', 'pt-br', 'pt-pt',
  'ro', 'ru', 'sk', 'sl', 'sq', 'sr', 'sv', 'sw', 'ta', 'th', 'tr', 'uk', 'ur', 'vi', 'zh-hans', 'zh-hant',
];

const english = new Intl.DisplayNames(['en'], { type: 'language' });

/** A tag's name for the form: English, then the language's own name when it differs, then the tag. */
export function languageName(tag: string): string {
  let name = tag;
  let own = '';
  try {
    name = english.of(tag) ?? tag;
    own = new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? '';
  } catch {
    // Not a tag the browser knows (the service accepts any well-formed one): the tag alone.
  }
  return own && own.toLowerCase() !== name.toLowerCase() ? `${name} · ${own} (${tag})` : `${name} (${tag})`;
}

/** The English name alone ("French"), for sentences. */
export function languageShortName(tag: string): string {
  try {
    return english.of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** The languages that can still be added (not in `taken`), by English name ("French" before "French (Belgium)"). */
export function addableLanguages(taken: readonly string[]): { tag: string; name: string }[] {
  return TAGS.filter((t) => !taken.includes(t))
    .map((tag) => ({ tag, name: languageName(tag), sort: languageShortName(tag) }))
    .sort((a, b) => a.sort.localeCompare(b.sort, 'en'))
    .map(({ tag, name }) => ({ tag, name }));
}

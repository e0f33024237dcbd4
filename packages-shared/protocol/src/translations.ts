/**
 * A site's title, subtitle, greeting and starter prompts per language: the widget shows the texts of the
 * visitor's language (its exact tag, else its base language, else the site's own texts). Keys are
 * language tags stored lower-case (tags are case-insensitive, so `fr-CA` and `fr-ca` are one
 * language and the widget can find either); a text a language leaves out is the site's own.
 */
import { z } from 'zod';
import { LIMITS } from './limits.js';
import { displayText, Locale, LOCALE_PATTERN } from './text.js';

export const StarterPrompts = z.array(displayText(LIMITS.starterPrompt)).max(LIMITS.starterPrompts);

const LOCALE_KEY = 'must be a language tag like fr or fr-CA';
const TOO_MANY = `must have at most ${LIMITS.translations} languages`;

/** The texts a site may give per language; the same rules as the site's own texts. */
const textFields = {
  title: displayText(LIMITS.title),
  subtitle: displayText(LIMITS.subtitle),
  greeting: displayText(LIMITS.greeting, { multiline: true }),
  starterPrompts: StarterPrompts,
};

export const SiteTexts = z.strictObject(textFields).partial().meta({ id: 'SiteTexts' });

/**
 * A change to one language's texts (RFC 7396): a text not named is kept, `null` removes it (the
 * site's own text shows again).
 */
export const SiteTextsPatch = z
  .strictObject({
    title: textFields.title.nullable().optional(),
    subtitle: textFields.subtitle.nullable().optional(),
    greeting: textFields.greeting.nullable().optional(),
    starterPrompts: textFields.starterPrompts.nullable().optional(),
  })
  .meta({ id: 'SiteTextsPatch' });

/**
 * The languages of one request, each named once whatever its case: lower-cased after the checks,
 * so `{"fr-CA":…,"fr-ca":…}` is refused rather than one silently winning.
 */
function byLanguage<V extends z.ZodType>(value: V, counted: (v: z.output<V>) => boolean) {
  return z
    .record(Locale, value, { error: (issue) => (issue.code === 'invalid_key' ? LOCALE_KEY : undefined) })
    .superRefine((entries, ctx) => {
      const seen = new Set<string>();
      let count = 0;
      for (const [tag, v] of Object.entries(entries)) {
        const key = tag.toLowerCase();
        if (seen.has(key))
          ctx.addIssue({ code: 'custom', path: [tag], message: 'names a language already given in another case' });
        seen.add(key);
        if (counted(v as z.output<V>)) count++;
      }
      if (count > LIMITS.translations) ctx.addIssue({ code: 'custom', message: TOO_MANY });
    })
    .transform((entries) => Object.fromEntries(Object.entries(entries).map(([tag, v]) => [tag.toLowerCase(), v])));
}

/** Every language's texts, by lower-case language tag (at most LIMITS.translations languages). */
export const Translations = byLanguage(SiteTexts, () => true).meta({
  id: 'Translations',
  description: `Texts per language, by language tag (stored lower-case; at most ${LIMITS.translations} languages).`,
  propertyNames: { pattern: LOCALE_PATTERN.source },
  maxProperties: LIMITS.translations,
});

/**
 * A change to the languages (RFC 7396): a language not named is kept, `null` removes one, an object
 * changes its texts as a SiteTextsPatch. The languages kept and added may be at most
 * LIMITS.translations (the service checks the total after the change).
 */
export const TranslationsPatch = byLanguage(SiteTextsPatch.nullable(), (v) => v !== null).meta({
  id: 'TranslationsPatch',
  description: 'A merge patch of the texts per language: `null` removes a language, or (inside one) a text.',
  propertyNames: { pattern: LOCALE_PATTERN.source },
});

/** The message of a site that would have too many languages after a change (the service's check). */
export const TOO_MANY_TRANSLATIONS = TOO_MANY;

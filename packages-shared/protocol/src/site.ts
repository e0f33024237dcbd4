/** What a browser learns about a site: its public widget config. Nothing here is secret. */
import { z } from 'zod';
import { SiteKey } from './ids.js';
import { LIMITS } from './limits.js';
import { Locale, plainText } from './text.js';
import { Theme } from './theme.js';
import { StarterPrompts, Translations } from './translations.js';

export { StarterPrompts } from './translations.js';

export const SiteConfig = z
  .strictObject({
    siteKey: SiteKey,
    title: plainText(LIMITS.title),
    /** The line under the title in the header; null shows none. */
    subtitle: plainText(LIMITS.subtitle).nullable(),
    greeting: plainText(LIMITS.greeting, { multiline: true }).nullable(),
    starterPrompts: StarterPrompts,
    locale: Locale.nullable(),
    theme: Theme,
    /** The texts per language: the widget shows those of the visitor's language over the ones above. */
    translations: Translations,
    /** Only signed-in visitors can chat: the widget shows no launcher until it has an identity token. */
    identityRequired: z.boolean(),
  })
  .meta({ id: 'SiteConfig' });

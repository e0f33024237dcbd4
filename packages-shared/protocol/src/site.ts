/** What a browser learns about a site: its public widget config. Nothing here is secret. */
import { z } from 'zod';
import { SiteKey } from './ids.js';
import { LIMITS } from './limits.js';
import { displayText, Locale, plainText } from './text.js';
import { Theme } from './theme.js';

export const StarterPrompts = z.array(displayText(LIMITS.starterPrompt)).max(LIMITS.starterPrompts);

export const SiteConfig = z
  .strictObject({
    siteKey: SiteKey,
    title: plainText(LIMITS.title),
    greeting: plainText(LIMITS.greeting, { multiline: true }).nullable(),
    starterPrompts: StarterPrompts,
    locale: Locale.nullable(),
    theme: Theme,
  })
  .meta({ id: 'SiteConfig' });

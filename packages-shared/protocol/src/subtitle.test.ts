import { describe, expect, it } from 'vitest';
import {
  CreateSiteRequest,
  LIMITS,
  SiteConfig,
  SiteTexts,
  Translations,
  UpdateSiteRequest,
  UpdateWidgetRequest,
} from './index.js';

/** The issues of a failed parse as `path: message`, the way the service reports them. */
function issues(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  expect(result.success).toBe(false);
  return result.error!.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`);
}

const NEW_SITE = { name: 'Shop', allowedOrigins: ['https://shop.example'], botId: 'b1' };
const SUBTITLE = 'AI assistant · answers instantly';

describe("a site's subtitle (the line under the title in the widget's header)", () => {
  it('comes with a new site, trimmed, or not at all', () => {
    expect(CreateSiteRequest.parse({ ...NEW_SITE, subtitle: `  ${SUBTITLE} ` }).subtitle).toBe(SUBTITLE);
    expect(CreateSiteRequest.parse(NEW_SITE).subtitle).toBeUndefined();
    expect(CreateSiteRequest.parse({ ...NEW_SITE, subtitle: null }).subtitle).toBeNull();
  });

  it('is changed by the partner and by a customer; null removes it (RFC 7396)', () => {
    expect(UpdateSiteRequest.parse({ subtitle: 'Replies in a minute' })).toEqual({ subtitle: 'Replies in a minute' });
    expect(UpdateSiteRequest.parse({ subtitle: null })).toEqual({ subtitle: null });
    expect(UpdateWidgetRequest.parse({ subtitle: SUBTITLE })).toEqual({ subtitle: SUBTITLE });
    expect(UpdateWidgetRequest.parse({ subtitle: null })).toEqual({ subtitle: null });
  });

  it.each([
    ['   ', 'subtitle: must not be empty'],
    ['x'.repeat(LIMITS.subtitle + 1), `subtitle: must be at most ${LIMITS.subtitle} characters`],
    ['two\nlines', 'subtitle: must not contain control characters'],
    ['AI\u202Eassistant', 'subtitle: must not contain invisible or text-direction control characters'],
    ['AI\u200Bassistant', 'subtitle: must not contain invisible or text-direction control characters'],
  ])('refuses %j, saying where', (subtitle, expected) => {
    expect(issues(UpdateSiteRequest.safeParse({ subtitle }))).toEqual([expected]);
    expect(issues(UpdateWidgetRequest.safeParse({ subtitle }))).toEqual([expected]);
    expect(issues(CreateSiteRequest.safeParse({ ...NEW_SITE, subtitle }))).toEqual([expected]);
  });

  it(`takes up to ${LIMITS.subtitle} characters, right-to-left and joiners included`, () => {
    for (const subtitle of ['x'.repeat(LIMITS.subtitle), 'مساعد ذكي · يجيب فورًا', 'می‌خواهم']) {
      expect(UpdateSiteRequest.safeParse({ subtitle }).success).toBe(true);
    }
  });

  it('is given per language, and a language may remove its own (the site’s shows again)', () => {
    expect(Translations.parse({ FR: { subtitle: 'Assistant IA · répond aussitôt' } })).toEqual({
      fr: { subtitle: 'Assistant IA · répond aussitôt' },
    });
    expect(issues(Translations.safeParse({ fr: { subtitle: '' } }))).toEqual(['fr.subtitle: must not be empty']);
    expect(issues(SiteTexts.safeParse({ subtitle: null }))).toEqual(['subtitle: Invalid input: expected string, received null']);
    expect(UpdateSiteRequest.parse({ translations: { fr: { subtitle: null } } })).toEqual({
      translations: { fr: { subtitle: null } },
    });
    expect(issues(UpdateSiteRequest.safeParse({ translations: { de: { subtitle: 'x'.repeat(LIMITS.subtitle + 1) } } }))).toEqual([
      `translations.de.subtitle: must be at most ${LIMITS.subtitle} characters`,
    ]);
  });

  it('is always in the public config, as text or null', () => {
    const config = {
      siteKey: 'pk_0123456789abcdefABCDEF',
      title: 'Help',
      greeting: null,
      starterPrompts: [],
      locale: null,
      theme: {},
      identityRequired: false,
      translations: { fr: { subtitle: 'Assistant IA' } },
    };
    expect(SiteConfig.safeParse({ ...config, subtitle: SUBTITLE }).success).toBe(true);
    expect(SiteConfig.safeParse({ ...config, subtitle: null }).success).toBe(true);
    expect(issues(SiteConfig.safeParse(config))).toEqual(['subtitle: Invalid input: expected string, received undefined']);
  });
});

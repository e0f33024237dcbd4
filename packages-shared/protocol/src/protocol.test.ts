import { describe, expect, it } from 'vitest';
import {
  CreateSiteRequest,
  LIMITS,
  MESSAGE_TEXT_MAX,
  OnboardingRequest,
  SITE_UNAVAILABLE_CODES,
  ThemePatch,
  TOKEN_RENEWABLE_CODES,
  UpdateSiteRequest,
  ERROR_CODES,
  ErrorEnvelope,
  ImageUrl,
  SendMessageRequest,
  SessionRequest,
  Theme,
  idPattern,
  normalizeOrigin,
} from './index.js';

describe('origins', () => {
  it.each([
    ['https://shop.example', 'https://shop.example'],
    ['https://Shop.Example/', 'https://shop.example'],
    ['https://shop.example:443', 'https://shop.example'],
    ['http://localhost:5173', 'http://localhost:5173'],
    ['http://127.0.0.1:5174/', 'http://127.0.0.1:5174'],
    ['https://xn--bcher-kva.example', 'https://xn--bcher-kva.example'],
  ])('%s -> %s', (input, out) => expect(normalizeOrigin(input)).toBe(out));

  it.each([
    '*',
    'null',
    'shop.example',
    'https://shop.example/path',
    'https://u:p@shop.example',
    'ftp://shop.example',
    'https://shop.example?x',
    'javascript:alert(1)',
    'https://shop.example#x',
    'https:// shop.example',
  ])('rejects %s', (input) => expect(normalizeOrigin(input)).toBeNull());
});

describe('theme', () => {
  it('accepts a full theme and lower-cases colors', () => {
    const t = Theme.parse({
      accentColor: '#AABBCC',
      backgroundColor: '#ffffff',
      textColor: '#111111',
      radius: 12,
      density: 'compact',
      fontFamily: '"Inter", system-ui, sans-serif',
      colorScheme: 'auto',
      position: 'bottom-left',
      launcherIcon: 'sparkle',
      avatarUrl: 'data:image/png;base64,iVBORw0KGgo=',
    });
    expect(t.accentColor).toBe('#aabbcc');
  });

  it.each([
    { accentColor: 'red' },
    { accentColor: '#abc' },
    { fontFamily: 'a; } :host { display: none' },
    { fontFamily: 'url(x)' },
    { radius: 33 },
    { radius: 1.5 },
    { launcherIcon: 'rocket' },
    { avatarUrl: 'http://example.com/a.png' },
    { avatarUrl: 'javascript:alert(1)' },
    { avatarUrl: 'data:text/html;base64,PHNjcmlwdD4=' },
    { extra: true },
  ])('rejects %j', (theme) => expect(Theme.safeParse(theme).success).toBe(false));

  it('allows http images only on loopback', () => {
    expect(ImageUrl.safeParse('http://localhost:8787/logo.png').success).toBe(true);
    expect(ImageUrl.safeParse('https://cdn.example/logo.png').success).toBe(true);
    expect(ImageUrl.safeParse('https://user:pw@cdn.example/logo.png').success).toBe(false);
  });
});

describe('requests', () => {
  // Check: text-control-chars, text-max-length (protocol/src/text.ts plainText).
  it('bounds and cleans message text', () => {
    expect(SendMessageRequest.parse({ text: '  hi\n there  ' })).toEqual({ text: 'hi\n there' });
    for (const text of ['', '   ', 'x'.repeat(4001), 'a\u0000', 'a\u001b[31m', '\ud83d']) {
      expect(SendMessageRequest.safeParse({ text }).success, JSON.stringify(text)).toBe(false);
    }
    expect(SendMessageRequest.safeParse({ text: 'x'.repeat(4000) }).success).toBe(true);
    expect(SendMessageRequest.safeParse({ text: 'hi', botId: 'x' }).success).toBe(false);
  });

  it('session requests take only resume', () => {
    expect(SessionRequest.safeParse({}).success).toBe(true);
    expect(SessionRequest.safeParse({ visitorId: 'vi_x' }).success).toBe(false);
  });

  it('site creation dedupes nothing silently but validates every origin', () => {
    const r = CreateSiteRequest.safeParse({ name: 'x', allowedOrigins: ['https://a.example', 'nope'], botId: 'b' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['allowedOrigins', 1]);
  });
});

describe('ids and errors', () => {
  it('patterns are anchored', () => {
    expect(idPattern('conversation').test('cv_0123456789abcdefghijkl')).toBe(true);
    expect(idPattern('conversation').test('cv_0123456789abcdefghijkl/..')).toBe(false);
    expect(idPattern('conversation').test('xcv_0123456789abcdefghijkl')).toBe(false);
  });

  it('every code has a status, a retry flag and a message; the envelope accepts each', () => {
    for (const [code, def] of Object.entries(ERROR_CODES)) {
      expect(def.status).toBeGreaterThanOrEqual(400);
      expect(ErrorEnvelope.safeParse({ error: { code, message: def.message } }).success).toBe(true);
    }
    expect(ErrorEnvelope.safeParse({ error: { code: 'made_up', message: 'x' } }).success).toBe(false);
  });
});

describe('origins that can never match', () => {
  // Check: origin-host-plausible (protocol/src/origin.ts normalizeOrigin: wildcards and impossible hosts).
  it.each(['https://*.shop.example', 'https://shop_1.example', 'https://shop..example', 'https://-shop.example'])(
    'refuses %s',
    (input) => expect(normalizeOrigin(input)).toBeNull(),
  );

  it('says what to do instead of a wildcard', () => {
    const r = CreateSiteRequest.safeParse({ name: 'x', allowedOrigins: ['https://*.shop.example'], botId: 'b1' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/wildcards are not supported: list each origin/);
  });

  it('keeps IP literals and punycode hosts', () => {
    expect(normalizeOrigin('http://[::1]:8080')).toBe('http://[::1]:8080');
    expect(normalizeOrigin('https://bücher.example')).toBe('https://xn--bcher-kva.example');
  });
});

describe('display text (names, titles, greetings, starter prompts)', () => {
  const title = (t: string) => UpdateSiteRequest.safeParse({ title: t }).success;

  // Check: display-text-misleading (protocol/src/text.ts plainText, display: no overrides or invisible characters).
  it.each(['\u202E', '\u202A', '\u2066', '\u2069', '\u200B', '\u2060', '\uFEFF', '\u180E'])('refuses U+%s inside', (c) => {
    expect(title(`Ac${c}me`)).toBe(false);
    expect(UpdateSiteRequest.safeParse({ starterPrompts: [`Ask${c}me`] }).success).toBe(false);
    expect(UpdateSiteRequest.safeParse({ greeting: `Hi${c}there` }).success).toBe(false);
  });

  it('keeps joiners (emoji, Persian), accents and right-to-left text', () => {
    for (const t of ['👨‍👩‍👧 Family', 'می‌خواهم', 'Ça va', 'مرحبا بك']) expect(title(t)).toBe(true);
  });

  it('leaves visitor messages alone: a visitor may paste anything printable', () => {
    expect(SendMessageRequest.safeParse({ text: 'copy \u202Ethis' }).success).toBe(true);
  });
});

describe('theme patches (RFC 7396)', () => {
  it('accept null to remove a setting, and validate what they set', () => {
    expect(ThemePatch.parse({ avatarUrl: null, accentColor: '#ABCDEF' })).toEqual({ avatarUrl: null, accentColor: '#abcdef' });
    expect(ThemePatch.safeParse({ radius: 99 }).success).toBe(false);
    expect(ThemePatch.safeParse({ unknown: 1 }).success).toBe(false);
    expect(UpdateSiteRequest.parse({ theme: null })).toEqual({ theme: null });
  });
});

describe('onboarding requests', () => {
  it('need a tenant name and the site origins; the rest is optional', () => {
    expect(
      OnboardingRequest.safeParse({ tenant: { name: 'Acme' }, site: { allowedOrigins: ['https://acme.example'] } }).success,
    ).toBe(true);
    expect(OnboardingRequest.safeParse({ tenant: { name: 'Acme' }, site: {} }).success).toBe(false);
    expect(OnboardingRequest.safeParse({ tenant: {}, site: { allowedOrigins: ['https://acme.example'] } }).success).toBe(false);
    expect(
      OnboardingRequest.safeParse({ tenant: { name: 'Acme' }, site: { allowedOrigins: ['https://acme.example'], botId: 'x' } })
        .success,
    ).toBe(false);
  });
});

describe('the zod-free limits module', () => {
  it('agrees with the schemas built on it', () => {
    expect(LIMITS.messageText).toBe(MESSAGE_TEXT_MAX);
    expect(SendMessageRequest.safeParse({ text: 'x'.repeat(MESSAGE_TEXT_MAX) }).success).toBe(true);
    expect(SendMessageRequest.safeParse({ text: 'x'.repeat(MESSAGE_TEXT_MAX + 1) }).success).toBe(false);
    for (const code of [...SITE_UNAVAILABLE_CODES, ...TOKEN_RENEWABLE_CODES]) expect(ERROR_CODES[code]).toBeDefined();
  });
});

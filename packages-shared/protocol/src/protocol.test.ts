import { describe, expect, it } from 'vitest';
import {
  CreateSiteRequest,
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

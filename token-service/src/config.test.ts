import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const REQUIRED = { CHATBOTKIT_TOKEN: 'sk-real-token', TESSERA_ADMIN_TOKEN: 'a'.repeat(32) };

describe('loadConfig', () => {
  it('has working defaults', () => {
    const c = loadConfig(REQUIRED);
    expect(c.port).toBe(8787);
    expect(c.upstream).toEqual({ apiUrl: 'https://api.chatbotkit.com', token: 'sk-real-token' });
    expect(c.publicUrl).toBe('http://127.0.0.1:8787');
    expect(c.session).toEqual({ ttlSeconds: 600, resumeWindowSeconds: 30 * 86_400 });
    expect(c.databaseUrl).toBeNull();
    expect(c.dataDir).toBe('./data');
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ ...REQUIRED, PORT: '', DATABASE_URL: '' }).port).toBe(8787);
  });

  it('names the variable and never echoes the value', () => {
    const secret = 'postgres-password-in-a-bad-url';
    try {
      loadConfig({ DATABASE_URL: `mysql://u:${secret}@h/db`, PORT: 'eighty' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const msg = (err as Error).message;
      expect(msg).toContain('DATABASE_URL');
      expect(msg).toContain('PORT');
      expect(msg).not.toContain(secret);
    }
  });

  it('requires the ChatBotKit token and an admin token of some length, naming both', () => {
    expect(() => loadConfig({})).toThrow(/CHATBOTKIT_TOKEN: is required[\s\S]*TESSERA_ADMIN_TOKEN: is required/);
    expect(() => loadConfig({ CHATBOTKIT_TOKEN: 'sk-real-token' })).toThrow(/TESSERA_ADMIN_TOKEN/);
    expect(() => loadConfig({ CHATBOTKIT_TOKEN: 'sk-real-token', TESSERA_ADMIN_TOKEN: 'short' })).toThrow(/at least 24/);
    const c = loadConfig({
      CHATBOTKIT_TOKEN: 'sk-real-token',
      TESSERA_ADMIN_TOKEN: 'a'.repeat(32),
      CHATBOTKIT_API_URL: 'http://127.0.0.1:9/',
    });
    expect(c.upstream).toEqual({ apiUrl: 'http://127.0.0.1:9', token: 'sk-real-token' });
  });

  it('bounds durations', () => {
    expect(() => loadConfig({ SESSION_TTL_SECONDS: '5' })).toThrow(/SESSION_TTL_SECONDS/);
    expect(loadConfig({ ...REQUIRED, SESSION_TTL_SECONDS: '900' }).session.ttlSeconds).toBe(900);
  });

  it('defaults the public URL to http://HOST:PORT (a wildcard host as localhost, IPv6 in brackets)', () => {
    expect(loadConfig({ ...REQUIRED, HOST: '0.0.0.0', PORT: '9000' }).publicUrl).toBe('http://localhost:9000');
    expect(loadConfig({ ...REQUIRED, HOST: '::1' }).publicUrl).toBe('http://[::1]:8787');
    expect(loadConfig({ ...REQUIRED, PUBLIC_URL: 'https://chat.partner.example/' }).publicUrl).toBe(
      'https://chat.partner.example',
    );
  });

  it('finds the built widget through the widget package, or takes WIDGET_FILE', () => {
    expect(loadConfig(REQUIRED).widgetFile).toMatch(/widget\/dist\/widget\.js$/);
    expect(loadConfig({ ...REQUIRED, WIDGET_FILE: '/srv/widget.js' }).widgetFile).toBe('/srv/widget.js');
  });
});

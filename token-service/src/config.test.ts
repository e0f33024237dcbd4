import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8787);
    expect(c.upstream).toEqual({ apiUrl: 'https://api.chatbotkit.com', token: null });
    expect(c.session).toEqual({ ttlSeconds: 600, resumeWindowSeconds: 30 * 86_400 });
    expect(c.databaseUrl).toBeNull();
    expect(c.dataDir).toBe('./data');
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).port).toBe(8787);
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

  it('requires an admin token of some length when a real upstream token is set', () => {
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
    expect(loadConfig({ SESSION_TTL_SECONDS: '900' }).session.ttlSeconds).toBe(900);
  });
});

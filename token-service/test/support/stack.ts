/**
 * A real stack for integration tests: the ChatBotKit emulator and the token service, each listening
 * on its own loopback port, the service on a PGlite copy of the migrated template. Every response
 * the tests read through `stack.fetch` and every log line is captured, so a suite can end by
 * searching all of it for secrets.
 */
import { readFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import type { ServerType } from '@hono/node-server';
import { inject } from 'vitest';
import { startEmulator, type Emulator } from '@tessera/cbk-emulator';
import type { Wire } from '@tessera/protocol';
import { createApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/lib/logger.js';
import { listen } from '../../src/server.js';
import { createServices, type Services } from '../../src/services.js';
import { openPglite, type Db } from '../../src/store/db.js';

export interface Captured {
  method: string;
  url: string;
  status: number;
  headers: string;
  body: string;
}

export interface StackOptions {
  env?: Record<string, string>;
  /** Shrinks rate-limit windows: 1/30 makes a minute 2 seconds. */
  limitWindowScale?: number;
  widgetPath?: string;
}

let templateBlob: Blob | null = null;

export async function openTestDb(): Promise<Db> {
  templateBlob ??= new Blob([new Uint8Array(await readFile(inject('pgliteTemplate')))]);
  return openPglite({ loadDataDir: templateBlob });
}

export class Stack {
  readonly captured: Captured[] = [];
  readonly logs: string[] = [];
  /** Visitor tokens handed out, and message texts sent: they may be in responses, never in logs. */
  readonly issuedTokens: string[] = [];
  readonly sentTexts: string[] = [];
  /** Milliseconds added to the real clock (token expiry tests). */
  clockOffset = 0;
  url = '';
  adminToken = `adm_test_${Math.random().toString(36).slice(2)}_${Date.now()}`;
  emulator!: Emulator;
  emulatorUrl = '';
  services!: Services;
  config!: Config;
  private closeEmulator!: () => Promise<void>;
  private server!: ServerType;
  private db!: Db;

  static async start(opts: StackOptions = {}): Promise<Stack> {
    const stack = new Stack();
    await stack.init(opts);
    return stack;
  }

  private async init(opts: StackOptions) {
    const emu = await startEmulator({ port: 0 });
    this.emulator = emu.emulator;
    this.emulatorUrl = emu.url;
    this.closeEmulator = emu.close;
    this.config = loadConfig({
      CHATBOTKIT_API_URL: emu.url,
      CHATBOTKIT_TOKEN: emu.emulator.partnerToken,
      TESSERA_ADMIN_TOKEN: this.adminToken,
      UPSTREAM_FIRST_BYTE_TIMEOUT_MS: '1500',
      UPSTREAM_IDLE_TIMEOUT_MS: '1500',
      LOG_LEVEL: 'info',
      // Limits are tested on their own (limits.test.ts); elsewhere they stay out of the way.
      RATE_REQUESTS_PER_IP_PER_MINUTE: '100000',
      RATE_SESSIONS_PER_IP_PER_MINUTE: '100000',
      RATE_SESSIONS_PER_SITE_PER_MINUTE: '100000',
      RATE_CONVERSATIONS_PER_VISITOR_PER_HOUR: '100000',
      RATE_MESSAGES_PER_VISITOR_PER_MINUTE: '100000',
      MAX_STREAMS_PER_VISITOR: '100',
      BREAKER_FAILURE_THRESHOLD: '1000',
      ...opts.env,
    });
    const sink = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        for (const line of chunk.toString('utf8').split('\n')) if (line) this.logs.push(line);
        done();
      },
    });
    this.db = await openTestDb();
    this.services = await createServices({
      config: this.config,
      logger: createLogger('info', sink),
      db: this.db,
      clock: { now: () => Date.now() + this.clockOffset },
      defaultMetrics: false,
      ...(opts.limitWindowScale ? { limitWindowScale: opts.limitWindowScale } : {}),
      ...(opts.widgetPath ? { widgetPath: opts.widgetPath } : {}),
    });
    const app = createApp(this.services);
    const listening = await listen(app, { port: 0, host: '127.0.0.1', server: this.config.server });
    this.server = listening.server;
    this.url = `http://127.0.0.1:${listening.port}`;
  }

  /** fetch against the service, capturing the whole response for the secret scan. */
  async fetch(path: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; text: string; json: any }> {
    const res = await fetch(`${this.url}${path}`, init);
    const text = await res.text();
    this.capture(init.method ?? 'GET', path, res, text);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON (an event stream, a script)
    }
    return { status: res.status, headers: res.headers, text, json };
  }

  capture(method: string, url: string, res: Response, body: string) {
    this.captured.push({ method, url, status: res.status, headers: JSON.stringify([...res.headers]), body });
  }

  async admin(method: string, path: string, body?: unknown) {
    return this.fetch(`/admin/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${this.adminToken}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  /** A tenant with a bot and a site allowing `origins`. */
  async seedSite(opts: { origins?: string[]; backstory?: string; quota?: number | null } = {}) {
    const tenant = await this.admin('POST', '/tenants', {
      name: `Tenant ${Math.random().toString(36).slice(2, 8)}`,
      ...(opts.quota !== undefined ? { quotas: { messagesPerDay: opts.quota } } : {}),
    });
    if (tenant.status !== 201) throw new Error(`tenant create failed: ${tenant.text}`);
    const bot = await this.admin('POST', `/tenants/${tenant.json.id}/bots`, {
      name: 'Helper',
      backstory: opts.backstory ?? 'You help.\n- when hours|open: We are open 9 to 5.',
    });
    if (bot.status !== 201) throw new Error(`bot create failed: ${bot.text}`);
    const site = await this.admin('POST', `/tenants/${tenant.json.id}/sites`, {
      name: 'shop.example',
      allowedOrigins: opts.origins ?? ['https://shop.example'],
      botId: bot.json.id,
      title: 'Shop help',
      greeting: 'Hi!',
      starterPrompts: ['When are you open?'],
    });
    if (site.status !== 201) throw new Error(`site create failed: ${site.text}`);
    return { tenant: tenant.json as Wire.Tenant, bot: bot.json as Wire.Bot, site: site.json as Wire.Site };
  }

  async session(siteKey: string, origin: string, body?: unknown) {
    const res = await this.fetch(`/v1/sites/${siteKey}/sessions`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (typeof res.json?.token === 'string') this.issuedTokens.push(res.json.token);
    return res;
  }

  /** A visitor: a session on the site, and helpers bound to its token and origin. */
  async visitor(siteKey: string, origin: string) {
    const s = await this.session(siteKey, origin);
    if (s.status !== 201) throw new Error(`session failed: ${s.text}`);
    const token: string = s.json.token;
    const headers = (extra: Record<string, string> = {}) => ({
      origin,
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...extra,
    });
    const base = `/v1/sites/${siteKey}/conversations`;
    return {
      token,
      visitorId: s.json.visitorId as string,
      headers,
      createConversation: () => this.fetch(base, { method: 'POST', headers: headers(), body: '{}' }),
      listConversations: () => this.fetch(base, { headers: headers() }),
      send: (conversationId: string, text: string, extra: Record<string, string> = {}) => {
        if (text.trim().length >= 8) this.sentTexts.push(text.trim());
        return this.fetch(`${base}/${conversationId}/messages`, {
          method: 'POST',
          headers: headers(extra),
          body: JSON.stringify({ text }),
        });
      },
      history: (conversationId: string) => this.fetch(`${base}/${conversationId}/messages`, { headers: headers() }),
    };
  }

  /** The emulator's partner users (sub-accounts), oldest first. */
  users() {
    return [...this.emulator.state.users.values()].filter((u) => u.parentId !== null);
  }

  /** The sub-account id behind one of our tenants, read from the emulator (never from the service). */
  subAccountOf(tenantId: string): string {
    const user = this.users().find((u) => u.meta?.['tesseraTenantId'] === tenantId);
    if (!user) throw new Error(`no sub-account for ${tenantId}`);
    return user.id;
  }

  /** Every secret the service must never show: the partner token and every sub-account id. */
  secrets(): string[] {
    const ids = this.users().map((u) => u.id);
    return [this.emulator.partnerToken, ...ids];
  }

  /** Assert that no captured response or log line contains a secret. */
  findLeaks(): string[] {
    const haystacks = [...this.captured.map((c) => `${c.method} ${c.url} ${c.status} ${c.headers} ${c.body}`), ...this.logs];
    const leaks: string[] = [];
    for (const secret of this.secrets()) {
      for (const h of haystacks) if (h.includes(secret)) leaks.push(`${secret.slice(0, 6)}… in: ${h.slice(0, 200)}`);
    }
    for (const secret of [...this.issuedTokens, ...this.sentTexts]) {
      for (const line of this.logs)
        if (line.includes(secret)) leaks.push(`token or message text in a log line: ${line.slice(0, 200)}`);
    }
    return leaks;
  }

  async close() {
    this.server.close();
    if ('closeAllConnections' in this.server) this.server.closeAllConnections();
    await this.services.close();
    await this.db.close();
    await this.closeEmulator();
  }
}

/** Parse an SSE body into events. */
export function parseSse(text: string): { event: string; data: any }[] {
  const events: { event: string; data: any }[] = [];
  for (const block of text.split('\n\n')) {
    let event = 'message';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data += line.slice(6);
    }
    if (data) events.push({ event, data: JSON.parse(data) });
  }
  return events;
}

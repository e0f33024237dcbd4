/**
 * A real stack on loopback: the ChatBotKit emulator (unless a real upstream is given) and the token
 * service, each listening on its own port, on PGlite (in memory, from a template dump, or a data
 * directory) or PostgreSQL. Everything read through `stack.fetch` and every log line is captured,
 * so a test can end by searching all of it for secrets (`findLeaks`).
 */
import { Writable } from 'node:stream';
import { decodeJwt, decodeProtectedHeader, importJWK, type JWK, SignJWT } from 'jose';
import { type AdminClient, createAdminClient } from '@tessera/admin-client';
import { type RunningEmulator, startEmulator } from '@tessera/cbk-emulator';
import {
  type Config,
  createApp,
  createLogger,
  createService,
  type Db,
  defaultPublicUrl,
  type Listening,
  listen,
  loadConfig,
  migrate,
  openPglite,
  openStore,
  type Service,
  shutdown,
} from '@tessera/token-service';
import { type CustomerOptions, seedCustomer } from './customer.js';
import { PortalPerson } from './portal.js';
import type { TestJson } from './json.js';
import { randomAdminToken } from './tokens.js';

export interface Captured {
  method: string;
  url: string;
  status: number;
  headers: string;
  body: string;
}

export interface StackOptions {
  /** Service settings (the service's environment variables), on top of the stack's defaults. */
  env?: Record<string, string | undefined>;
  /** Shrinks rate-limit windows: 1/30 makes a minute 2 seconds. */
  limitWindowScale?: number;
  /** A migrated PGlite dump to start from (fast); otherwise a fresh in-memory store, or `dataDir`. */
  template?: Blob;
  /** Keep the store (PGlite) in this directory, as the service would. */
  dataDir?: string;
  /** A real (or separately run) ChatBotKit instead of the embedded emulator (no apiUrl: the service's default, api.chatbotkit.com). */
  upstream?: { apiUrl?: string | undefined; token: string };
  /** Emulator options: answer token delay, and a file its world is kept in across runs. */
  emulator?: { tokenDelayMs?: number; stateFile?: string };
  /** The service's port (default: a free one) and host. */
  port?: number;
  host?: string;
  adminToken?: string;
  /** Log level of the service (default info, captured); `printLogs: true` also writes lines to stderr. */
  logLevel?: string;
  printLogs?: boolean;
  /**
   * Keep every log line in `logs` for `findLeaks` (default true). A long-running stack (the demo)
   * turns it off so its memory does not grow with its logs.
   */
  captureLogs?: boolean;
  /** Process metrics in /metrics (off by default: tests run many services in one process). */
  defaultMetrics?: boolean;
  /** Limits and time limits for tests: every limit out of the way unless a test sets it (true by default). */
  relaxed?: boolean;
}

/** Limits and breaker far above what tests send; tests of limits set their own. */
export const RELAXED_ENV: Record<string, string> = {
  RATE_REQUESTS_PER_IP_PER_MINUTE: '100000',
  RATE_SESSIONS_PER_IP_PER_MINUTE: '100000',
  RATE_SESSIONS_PER_SITE_PER_MINUTE: '100000',
  RATE_CONVERSATIONS_PER_VISITOR_PER_HOUR: '100000',
  RATE_MESSAGES_PER_VISITOR_PER_MINUTE: '100000',
  MAX_STREAMS_PER_VISITOR: '100',
  BREAKER_FAILURE_THRESHOLD: '1000',
  UPSTREAM_FIRST_BYTE_TIMEOUT_MS: '1500',
  UPSTREAM_IDLE_TIMEOUT_MS: '1500',
};

export class Stack {
  readonly captured: Captured[] = [];
  readonly logs: string[] = [];
  /** Visitor tokens handed out, and message texts sent: they may be in responses, never in logs. */
  readonly issuedTokens: string[] = [];
  readonly sentTexts: string[] = [];
  /** Milliseconds added to the real clock (token expiry tests). */
  clockOffset = 0;
  url = '';
  adminToken = '';
  /** The embedded emulator (null with a real upstream). */
  running: RunningEmulator | null = null;
  upstreamUrl = '';
  partnerToken = '';
  service!: Service;
  config!: Config;
  /** The store the service runs on (tests may read it directly, e.g. signing keys). */
  db!: Db;
  private listening: Listening[] = [];
  private ownsDb = true;
  private typedClient: AdminClient | null = null;

  static async start(opts: StackOptions = {}): Promise<Stack> {
    const stack = new Stack();
    try {
      await stack.init(opts);
    } catch (err) {
      await stack.close().catch(() => {});
      throw err;
    }
    return stack;
  }

  /** The embedded emulator (throws with a real upstream). */
  get emulator() {
    if (!this.running) throw new Error('this stack runs against a real upstream, not the emulator');
    return this.running.emulator;
  }

  get emulatorUrl(): string {
    return this.upstreamUrl;
  }

  private async init(opts: StackOptions) {
    if (opts.upstream) {
      this.upstreamUrl = opts.upstream.apiUrl ?? '';
      this.partnerToken = opts.upstream.token;
    } else {
      this.running = await startEmulator({
        port: 0,
        ...(opts.emulator?.tokenDelayMs !== undefined ? { tokenDelayMs: opts.emulator.tokenDelayMs } : {}),
        ...(opts.emulator?.stateFile ? { stateFile: opts.emulator.stateFile } : {}),
      });
      this.upstreamUrl = this.running.url;
      this.partnerToken = this.running.emulator.partnerToken;
    }
    this.adminToken = opts.adminToken ?? randomAdminToken();

    // Listen first, so the public URL (snippets, token issuer) carries the real port.
    let app: { fetch: (req: Request, env: unknown) => Response | Promise<Response> } | null = null;
    const host = opts.host ?? '127.0.0.1';
    const late = { fetch: (req: Request, env: unknown) => app?.fetch(req, env) ?? new Response(null, { status: 503 }) };
    const env = {
      ...(this.upstreamUrl ? { CHATBOTKIT_API_URL: this.upstreamUrl } : {}),
      CHATBOTKIT_TOKEN: this.partnerToken,
      TESSERA_ADMIN_TOKEN: this.adminToken,
      LOG_LEVEL: opts.logLevel ?? 'info',
      ...(opts.dataDir ? { TESSERA_DATA_DIR: opts.dataDir } : {}),
      ...(opts.relaxed === false ? {} : RELAXED_ENV),
      ...opts.env,
    };
    const serverSettings = loadConfig({ ...env, PORT: '0' }).server;
    this.listening = [await listen(late, { port: opts.port ?? 0, host, server: serverSettings })];
    const port = this.listening[0]!.port;
    this.url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    this.config = loadConfig({ PUBLIC_URL: defaultPublicUrl(host, port), ...env, PORT: String(port) });
    // A real upstream given without its URL: the one the service's configuration chose.
    if (!this.running) this.upstreamUrl = this.config.upstream.apiUrl;

    const sink = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        const text = chunk.toString('utf8');
        if (opts.captureLogs !== false) for (const line of text.split('\n')) if (line) this.logs.push(line);
        if (opts.printLogs) process.stderr.write(text);
        done();
      },
    });
    if (this.config.databaseUrl || opts.dataDir) {
      this.db = await openStore(this.config);
    } else {
      this.db = await openPglite(opts.template ? { loadDataDir: opts.template } : {});
      if (!opts.template) await migrate(this.db);
    }
    this.service = await createService({
      config: this.config,
      logger: createLogger(this.config.logLevel, sink),
      db: this.db,
      clock: { now: () => Date.now() + this.clockOffset },
      defaultMetrics: opts.defaultMetrics ?? false,
      ...(opts.limitWindowScale ? { limitWindowScale: opts.limitWindowScale } : {}),
    });
    app = createApp(this.service);
  }

  /** fetch against the service, capturing the whole response for the secret scan. */
  async fetch(path: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; text: string; json: TestJson }> {
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

  /** A typed client of the admin API (@tessera/admin-client) with the stack's admin token; not captured for the secret scan. */
  get client(): AdminClient {
    this.typedClient ??= createAdminClient(this.url, this.adminToken);
    return this.typedClient;
  }

  /** A call to the admin API with the stack's admin token. */
  async admin(method: string, path: string, body?: unknown) {
    return this.fetch(`/admin/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${this.adminToken}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  /** A customer (tenant, bot, site) onboarded through the admin API. */
  seedCustomer(opts: CustomerOptions = {}) {
    return seedCustomer((method, path, body) => this.admin(method, path, body), opts);
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
      /** POST a message; the answer is the whole event stream as text. */
      ask: (conversationId: string, text: string, extra: Record<string, string> = {}) => {
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

  /**
   * Re-sign a genuine session token with the service's own active key (read from its store) after
   * `edit` changed its claims or header: a token only a key holder could make, to isolate one check.
   */
  async resign(token: string, edit: (payload: Record<string, unknown>, header: Record<string, unknown>) => void) {
    const [row] = await this.db.query<{ private_jwk: JWK }>('SELECT private_jwk FROM signing_keys WHERE retired_at IS NULL');
    const key = await importJWK({ ...row!.private_jwk, alg: 'EdDSA' }, 'EdDSA');
    const payload = decodeJwt(token) as Record<string, unknown>;
    const header = decodeProtectedHeader(token) as Record<string, unknown>;
    edit(payload, header);
    const signed = await new SignJWT(payload).setProtectedHeader(header as { alg: string }).sign(key);
    this.issuedTokens.push(signed);
    return signed;
  }

  /** Portal session cookies and link tokens handed out in this stack (searched for in the logs). */
  readonly portalSecrets: string[] = [];

  /** Someone using the portal from its own origin, with a cookie jar (see portal.ts). */
  person(): PortalPerson {
    return new PortalPerson(this);
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
    const ids = this.running ? this.users().map((u) => u.id) : [];
    return [this.partnerToken, ...ids];
  }

  /** Every captured response or log line that contains a secret (and tokens or texts in logs). */
  findLeaks(): string[] {
    const haystacks = [...this.captured.map((c) => `${c.method} ${c.url} ${c.status} ${c.headers} ${c.body}`), ...this.logs];
    const leaks: string[] = [];
    for (const secret of this.secrets()) {
      for (const h of haystacks) if (h.includes(secret)) leaks.push(`${secret.slice(0, 6)}… in: ${h.slice(0, 200)}`);
    }
    // Password hashes never leave the store; session cookies and link tokens never reach a log.
    for (const h of haystacks) if (h.includes('scrypt$')) leaks.push(`a password hash in: ${h.slice(0, 200)}`);
    for (const secret of [...this.issuedTokens, ...this.sentTexts, ...this.portalSecrets]) {
      for (const line of this.logs)
        if (line.includes(secret)) leaks.push(`token or message text in a log line: ${line.slice(0, 200)}`);
    }
    return leaks;
  }

  /** Stop everything: the service drains (briefly), then the store and the emulator close. */
  async close() {
    if (this.service) {
      await shutdown(this.listening, this.service, { streamDrainMs: 0, shutdownTimeoutMs: 2000, logger: this.service.logger });
    } else {
      for (const { server } of this.listening) {
        server.close();
        if ('closeAllConnections' in server) server.closeAllConnections();
      }
    }
    if (this.ownsDb) await this.db?.close();
    await this.running?.close();
  }
}

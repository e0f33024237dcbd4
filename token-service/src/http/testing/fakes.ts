/**
 * In-memory fakes of everything createApp takes, for the HTTP layer's tests: small hand-written
 * services that record their calls and answer with canned, schema-valid values (or throw the
 * ServiceError a test asks for), the real memory limits, a metrics registry of their own and a
 * logger whose lines are kept. No store, no emulator, no socket.
 *
 *   const deps = fakeDeps({ tenants: { get: async () => { throw new ServiceError('tenant_not_found') } } });
 */
import type { Context } from 'hono';
import { AnswerLog } from '../../answers/answer-log.js';
import { type Config, loadConfig } from '../../config.js';
import type { ErrorCode } from '@tessera/protocol';
import { ServiceError, type ServiceErrorOptions } from '../../errors.js';
import { createLimits } from '../../limits/index.js';
import type { LimitState } from '../../limits/limiter.js';
import { Lifecycle } from '../../platform/lifecycle.js';
import { createLogger } from '../../platform/logger.js';
import { createMetrics } from '../../platform/metrics.js';
import type { ChunkReader } from '../../platform/read-capped.js';
import { Pump, type RelayOptions, type RelayOutcome } from '../../relay/index.js';
import type { ResolvedSite } from '../../sites/site-service.js';
import type { AppDeps, DomainServices } from '../context.js';
import type { Wire } from '@tessera/protocol';
import type { Principal } from '../../sign-in/sign-in-service.js';
import {
  ADMIN_TOKEN,
  IDS,
  id,
  jsonlAnswer,
  NOW,
  ORIGIN,
  PORTAL_COOKIES,
  PORTAL_ORIGIN,
  type PortalPerson,
  PUBLIC_URL,
  samples,
  upstreamBody,
  VISITOR_TOKEN,
} from './samples.js';

export * from './samples.js';

export interface Call {
  /** `service.method`, e.g. `sites.resolve`. */
  name: string;
  args: unknown[];
}

type Fn = (...args: never[]) => unknown;
/** Some of a service's methods, with the service's own signatures. */
export type FakeOf<T> = { [K in keyof T]?: T[K] extends Fn ? T[K] : never };

/** Wrap each method so its calls are recorded under `service.method`. */
function recorded<T>(service: string, methods: Record<string, Fn>, calls: Call[]): T {
  const out: Record<string, Fn> = {};
  for (const [name, fn] of Object.entries(methods)) {
    out[name] = (...args: never[]) => {
      calls.push({ name: `${service}.${name}`, args });
      return fn(...args);
    };
  }
  return out as T;
}

const RATE: LimitState = { limit: 1200, remaining: 1199, resetSeconds: 60 };

/** The canned behaviour of every domain service; `site` is what `sites.resolve` knows. */
function defaults(site: ResolvedSite): { [K in keyof DomainServices]: Record<string, Fn> } {
  const known = (key: string) => (key === site.siteKey ? site : null);
  return {
    tenants: {
      create: async (body: { name: string }) => samples.tenant({ name: body.name }),
      list: async () => [samples.tenant()],
      get: async (tenantId: string) => samples.tenant({ id: tenantId }),
      update: async (tenantId: string, body: { name?: string }) =>
        samples.tenant({ id: tenantId, ...(body.name ? { name: body.name } : {}) }),
      delete: async (tenantId: string) => samples.tenant({ id: tenantId, status: 'suspended', deletedAt: NOW }),
      require: async (tenantId: string) => ({ ...samples.tenant({ id: tenantId }), upstreamUserId: 'cbk-user-1' }),
      requireLive: async (tenantId: string) => ({ ...samples.tenant({ id: tenantId }), upstreamUserId: 'cbk-user-1' }),
      undoCreate: async () => {},
    },
    bots: {
      create: async (_tenantId: string, body: { name: string }) => samples.bot({ name: body.name }),
      list: async () => [samples.bot()],
      assertExists: async () => {},
      update: async (_t: string, botId: string) => samples.bot({ id: botId }),
    },
    sites: {
      resolve: async (key: string) => known(key),
      peek: (key: string) => known(key) ?? undefined,
      create: async () => samples.site(),
      list: async () => [samples.site()],
      get: async (siteId: string) => samples.site({ id: siteId }),
      update: async (siteId: string, body: { title?: string }) =>
        samples.site({ id: siteId, ...(body.title ? { title: body.title } : {}) }),
      rotateKey: async (siteId: string) => samples.site({ id: siteId, siteKey: id('pk', 'N') }),
      getOfTenant: async (_t: string, siteId: string) => samples.site({ id: siteId }),
      updateOfTenant: async (_t: string, siteId: string) => samples.site({ id: siteId }),
      installStatus: async () => ({
        siteId: IDS.site,
        siteKey: IDS.siteKey,
        embedSnippet: samples.site().embedSnippet,
        allowedOrigins: [ORIGIN],
        origins: [{ origin: ORIGIN, allowed: true, firstSeenAt: NOW, lastSeenAt: NOW, loads: 3 }],
      }),
      noteOrigin: () => {},
      close: async () => {},
    },
    sessions: {
      open: async (s: ResolvedSite) => ({ session: samples.session(s), rateLimit: RATE }),
      authenticate: async (_s: ResolvedSite, authorization: string | undefined) => {
        if (!authorization) throw new ServiceError('token_missing');
        if (authorization !== `Bearer ${VISITOR_TOKEN}`) throw new ServiceError('token_invalid');
        return samples.claims();
      },
    },
    identity: {
      createSecret: async () => ({
        kid: IDS.identityKey,
        alg: 'HS256',
        secret: 's'.repeat(43),
        createdAt: NOW,
      }),
      addPublicKey: async (_s: unknown, body: { alg: 'EdDSA' | 'ES256' }) =>
        samples.identityKey({ kind: 'public', alg: body.alg }),
      list: async () => ({ items: [samples.identityKey()] }),
      remove: async () => {},
      verify: async () => ({ subject: 'user-1', name: null, email: null }),
      userVisitor: async () => IDS.visitor,
      identityOf: async () => null,
      setContactId: async () => {},
    },
    conversations: {
      create: async () => ({ conversationId: IDS.conversation, createdAt: NOW }),
      list: async () => ({
        items: [
          {
            conversationId: IDS.conversation,
            createdAt: NOW,
            lastMessageAt: NOW,
            preview: 'Do you repair e-bikes?',
            title: 'Do you repair e-bikes?',
          },
        ],
      }),
      history: async () => ({
        items: [
          { id: 'm1', role: 'user', text: 'Do you repair e-bikes?', createdAt: NOW },
          { id: 'm2', role: 'bot', text: 'We do.', createdAt: NOW + 1 },
        ],
      }),
      startAnswer: async () => runningAnswer(jsonlAnswer(['We ', 'do.'])).entry,
      openAnswer: async () => runningAnswer(jsonlAnswer(['We ', 'do.'])).entry,
      stopAnswer: async () => {},
      close: async () => {},
      flushActivity: async () => {},
      rate: async (_v: unknown, _c: string, _m: string, body: { rating: 'up' | 'down'; comment?: string }) => ({
        rating: body.rating,
        comment: body.rating === 'down' ? (body.comment ?? null) : null,
        updatedAt: NOW,
      }),
    },
    usage: {
      report: async () => samples.usage(),
      count: () => {},
      takeMessage: async () => {},
      flush: async () => {},
      close: async () => {},
    },
    signingKeys: {
      list: () => [samples.signingKey()],
      rotate: async () => [samples.signingKey({ kid: 'key-2' }), samples.signingKey({ status: 'retired', retiredAt: NOW })],
      jwks: () => ({ keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'AAAA', kid: 'key-1', alg: 'EdDSA', use: 'sig' }] }),
    },
    onboarding: {
      onboard: async () => ({ tenant: samples.tenant(), bot: samples.bot(), site: samples.site() }),
      onboardCustomer: async () => ({ tenant: samples.tenant(), bot: samples.bot(), site: samples.site(), invite: null }),
    },
    signIn: {
      authenticate: async (cookie: string | undefined) => {
        const who = (Object.keys(PORTAL_COOKIES) as PortalPerson[]).find((k) => PORTAL_COOKIES[k] === cookie);
        return who ? samples.principal(who) : null;
      },
      me: async (p: Principal) => samples.me(p),
      signInWithPassword: async (email: string) => ({
        cookie: 'n'.repeat(43),
        expiresAt: NOW + 3600_000,
        principal: { ...samples.principal('owner'), email },
      }),
      signOut: async () => {},
      signOutEverywhere: async () => {},
      setPassword: async () => {},
      passkeyRegistrationOptions: async () => ({ challengeId: 'c1', options: { challenge: 'abc' } }),
      registerPasskey: async () => ({ id: IDS.passkey, name: 'Passkey', createdAt: NOW, lastUsedAt: null }),
      listPasskeys: async () => [],
      removePasskey: async () => {},
      passkeySignInOptions: async () => ({ challengeId: 'c2', options: { challenge: 'def' } }),
      signInWithPasskey: async () => ({
        cookie: 'n'.repeat(43),
        expiresAt: NOW + 3600_000,
        principal: samples.principal('owner'),
      }),
      peekLink: async () => null,
      emailLink: async () => {},
      offersEmailLinks: () => false,
      useLink: async () => {
        throw new ServiceError('link_invalid');
      },
    },
    members: {
      list: async () => [samples.member()],
      invite: async (_t: string, body: { email: string; role: Wire.Role }) => ({
        id: IDS.member,
        email: body.email,
        role: body.role,
        existingAccount: false,
        inviteUrl: `${PUBLIC_URL}/portal/links/${'i'.repeat(43)}`,
        expiresAt: NOW + 7 * 86_400_000,
      }),
      changeRole: async (_t: string, _m: string, role: Wire.Role) => samples.member({ role }),
      resendInvite: async () => ({
        id: IDS.member,
        email: 'owner@velo.example',
        role: 'owner',
        existingAccount: false,
        inviteUrl: `${PUBLIC_URL}/portal/links/${'r'.repeat(43)}`,
        expiresAt: NOW + 7 * 86_400_000,
      }),
      remove: async () => {},
      loginLink: async () => ({ url: `${PUBLIC_URL}/portal/links/${'l'.repeat(43)}`, expiresAt: NOW + 300_000 }),
      listOperators: async () => [],
      inviteOperator: async (email: string) => ({
        id: IDS.operator,
        email,
        inviteUrl: `${PUBLIC_URL}/portal/links/${'i'.repeat(43)}`,
        expiresAt: NOW + 7 * 86_400_000,
      }),
      removeOperator: async () => {},
    },
    customers: {
      page: async () => ({ items: [], total: 0, page: 1, pageSize: 25 }),
      detail: async (tenantId: string) => ({
        tenant: samples.tenant({ id: tenantId }),
        sites: [samples.site()],
        members: [samples.member()],
        messagesToday: 0,
        daily: new Array(14).fill(0),
      }),
    },
    brand: {
      get: async () => samples.brand(),
      update: async () => samples.brand(),
      putImage: async () => samples.brand(),
      removeImage: async () => samples.brand(),
      image: async () => null,
      productName: async () => 'Partner Chat',
    },
    inbox: {
      list: async () => ({ items: [samples.inboxItem()], next: null }),
      transcript: async () => ({
        conversation: samples.inboxItem(),
        items: [
          { id: 'm1', role: 'user', text: 'Do you repair e-bikes?', createdAt: NOW, feedback: null },
          {
            id: 'm2',
            role: 'bot',
            text: 'We do.',
            createdAt: NOW + 1,
            feedback: { rating: 'up', comment: null, updatedAt: NOW },
          },
        ],
      }),
      remove: async () => {},
      export: async () => [samples.inboxItem()],
    },
    audit: {
      record: async () => {},
      list: async () => ({ items: [], next: null }),
    },
  };
}

/**
 * An answer running in an answer log of its own (as the service builds one, without replicas), as
 * startAnswer starts it: the real pump relays the upstream body (ChatBotKit JSON lines, or a reader
 * the test drives) into its entry.
 */
export function runningAnswer(body: string[] | ChunkReader, relay: Partial<RelayOptions> = {}) {
  const upstream = new AbortController();
  const outcomes: RelayOutcome[] = [];
  const log = new AnswerLog({ retentionMs: 60_000, maxReaders: 8, shared: null });
  const entry = log.begin(IDS.conversation);
  const pump = new Pump(Array.isArray(body) ? upstreamBody(body).body : body, upstream, entry, {
    idleTimeoutMs: 5000,
    totalTimeoutMs: 10_000,
    onEnd: (o) => outcomes.push(o),
    ...relay,
  });
  entry.stopper = () => pump.stop();
  pump.start();
  return { entry, log, upstream, outcomes };
}

export type LimitNumbers = Config['limits'];

/** The service's default limits, as its configuration gives them. */
export const DEFAULT_LIMITS: LimitNumbers = loadConfig({
  CHATBOTKIT_TOKEN: 'sk-test-token',
  TESSERA_ADMIN_TOKEN: 'a'.repeat(24),
}).limits;

export type FakeOptions = { [K in keyof DomainServices]?: FakeOf<DomainServices[K]> } & {
  /** The site `sites.resolve` and `sites.peek` know (the sample site by default). */
  site?: Partial<ResolvedSite>;
  limits?: Partial<LimitNumbers>;
  config?: Partial<AppDeps['config']>;
} & Partial<Pick<AppDeps, 'ready' | 'lifecycle' | 'clientIp' | 'widgetScript' | 'widgetAsset' | 'portalFiles'>>;

export interface FakeDeps extends AppDeps {
  /** Every call to a domain service, in order. */
  calls: Call[];
  /** Every log line, parsed. */
  logLines: Record<string, unknown>[];
  /** The site the fake resolves. */
  site: ResolvedSite;
}

/** A fake method that refuses with the ServiceError of `code` (a service's own refusal, passed through by HTTP). */
export const rejecting =
  (code: ErrorCode, opts: ServiceErrorOptions = {}) =>
  async (): Promise<never> => {
    throw new ServiceError(code, opts);
  };

/** The calls to one method (`'sites.resolve'`). */
export const callsTo = (deps: FakeDeps, name: string) => deps.calls.filter((c) => c.name === name);

/** The client's IP for in-memory requests: a test header, since there is no socket. */
export const TEST_IP_HEADER = 'x-test-client-ip';
const testIp = (c: Context) => c.req.header(TEST_IP_HEADER) ?? '198.51.100.7';

export function fakeDeps(options: FakeOptions = {}): FakeDeps {
  const {
    site: siteOver,
    limits: limitOver,
    config: configOver,
    ready,
    lifecycle,
    clientIp,
    widgetScript,
    widgetAsset,
    portalFiles: _portalFiles,
    ...services
  } = options;
  const site = samples.resolvedSite(siteOver);
  const calls: Call[] = [];
  const logLines: Record<string, unknown>[] = [];
  const logger = createLogger('info', { write: (line: string) => void logLines.push(JSON.parse(line)) });
  const base = defaults(site);
  const service = <K extends keyof DomainServices>(name: K): DomainServices[K] =>
    recorded<DomainServices[K]>(name, { ...base[name], ...(services[name] as Record<string, Fn> | undefined) }, calls);

  return {
    tenants: service('tenants'),
    bots: service('bots'),
    sites: service('sites'),
    sessions: service('sessions'),
    conversations: service('conversations'),
    identity: service('identity'),
    usage: service('usage'),
    signingKeys: service('signingKeys'),
    onboarding: service('onboarding'),
    signIn: service('signIn'),
    members: service('members'),
    customers: service('customers'),
    brand: service('brand'),
    audit: service('audit'),
    inbox: service('inbox'),
    ready: ready ?? (async () => {}),
    limits: createLimits(
      {
        limits: { ...DEFAULT_LIMITS, ...limitOver },
        timeouts: { firstByteMs: 1000, idleMs: 5000, totalMs: 10_000 },
        redis: null,
      },
      { redis: null, logger },
    ),
    metrics: createMetrics({ defaultMetrics: false }),
    logger,
    lifecycle: lifecycle ?? new Lifecycle(),
    clientIp: clientIp ?? testIp,
    config: {
      adminToken: ADMIN_TOKEN,
      publicUrl: PUBLIC_URL,
      metricsPort: null,
      portal: { url: PUBLIC_URL, origins: [PORTAL_ORIGIN], sessionMaxSeconds: 3600, emailLinks: false },
      ...configOver,
    },
    portalFiles: options.portalFiles ?? null,
    widgetScript: widgetScript ?? (async () => new TextEncoder().encode('/* the widget */')),
    widgetAsset:
      widgetAsset ?? (async (name) => (name === 'widget-panel.0123abcd.js' ? new TextEncoder().encode('/* the panel */') : null)),
    calls,
    logLines,
    site,
  };
}

/**
 * The sample world of the HTTP tests: one tenant with one site (its key, its allowed origin), a
 * visitor with a session token, and canned records of every wire shape, each valid against the
 * protocol's schemas; and ChatBotKit answer streams to relay.
 */
import { ID_BODY_LENGTH, type Wire } from '@tessera/protocol';
import type { ChunkReader } from '../../platform/read-capped.js';
import type { VisitorClaims } from '../../sessions/session-service.js';
import type { Principal } from '../../sign-in/sign-in-service.js';
import type { ResolvedSite } from '../../sites/site-service.js';

export const ADMIN_TOKEN = 'admin-token-for-in-memory-tests-0123';
export const PUBLIC_URL = 'http://tessera.test';
/** The one origin on the sample site's allow-list. */
export const ORIGIN = 'https://shop.example';
export const STRANGER = 'https://evil.example';
/** A session token the default SessionService fake accepts. */
export const VISITOR_TOKEN = 'visitor.session.token';

export const id = (prefix: string, fill: string) => `${prefix}_${fill.repeat(ID_BODY_LENGTH)}`;
export const IDS = {
  tenant: id('tn', 'T'),
  site: id('st', 'S'),
  siteKey: id('pk', 'K'),
  visitor: id('vi', 'V'),
  conversation: id('cv', 'C'),
  /** A site key of the right shape that no site has. */
  unknownSiteKey: id('pk', 'U'),
  bot: 'bot_1',
  /** Another customer, of which the sample members are not members. */
  otherTenant: id('tn', 'O'),
  operator: id('ac', 'P'),
  account: id('ac', 'A'),
  member: id('mb', 'M'),
  passkey: id('pw', 'W'),
  identityKey: id('ik', 'I'),
} as const;

/** The portal's origin (the service's own) and session cookies the fake sign-in service knows. */
export const PORTAL_ORIGIN = PUBLIC_URL;
export const PORTAL_COOKIES = {
  operator: 'o'.repeat(43),
  owner: 'w'.repeat(43),
  editor: 'e'.repeat(43),
  viewer: 'v'.repeat(43),
} as const;
export type PortalPerson = keyof typeof PORTAL_COOKIES;
/** The headers of a portal request from the portal's own page, signed in as `who`. */
export const portalAs = (who: PortalPerson) => ({ origin: PORTAL_ORIGIN, cookie: `__Host-portal=${PORTAL_COOKIES[who]}` });

export const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };
/** What the widget sends on a visitor call from the sample site's page. */
export const VISITOR = { origin: ORIGIN, authorization: `Bearer ${VISITOR_TOKEN}` };

export const NOW = 1_760_000_000_000;

export const samples = {
  principal: (who: PortalPerson): Principal =>
    who === 'operator'
      ? {
          accountId: IDS.operator,
          email: 'op@partner.example',
          kind: 'operator',
          memberships: [],
          hasPassword: true,
          sessionHash: 'h-op',
        }
      : {
          accountId: IDS.account,
          email: `${who}@velo.example`,
          kind: 'member',
          memberships: [{ memberId: IDS.member, tenantId: IDS.tenant, tenantName: 'Velo Bikes', role: who }],
          hasPassword: true,
          sessionHash: `h-${who}`,
        },
  me: (p: Principal): Wire.Me => ({
    userId: p.accountId as Wire.Me['userId'],
    email: p.email,
    kind: p.kind,
    memberships: p.memberships.map(({ tenantId, tenantName, role }) => ({ tenantId, tenantName, role })),
    credentials: { password: true, passkeys: 0 },
  }),
  member: (over: Partial<Wire.Member> = {}): Wire.Member => ({
    id: IDS.member as Wire.Member['id'],
    email: 'owner@velo.example',
    role: 'owner',
    status: 'active',
    createdAt: NOW,
    lastSignInAt: NOW,
    ...over,
  }),
  inboxItem: (over: Partial<Wire.InboxItem> = {}): Wire.InboxItem => ({
    id: IDS.conversation as Wire.InboxItem['id'],
    siteId: IDS.site as Wire.InboxItem['siteId'],
    siteName: 'shop.example',
    visitorId: IDS.visitor as Wire.InboxItem['visitorId'],
    user: null,
    createdAt: NOW,
    lastMessageAt: NOW,
    messages: 2,
    outcome: 'answered',
    ratedDown: false,
    firstQuestion: 'Do you repair e-bikes?',
    preview: 'We do.',
    ...over,
  }),
  brand: (): Wire.Brand => ({
    productName: 'Partner Chat',
    accentColor: '#2563eb',
    supportUrl: null,
    supportEmail: null,
    images: { logoLight: null, logoDark: null, favicon: null },
    updatedAt: NOW,
  }),
  tenant: (over: Partial<Wire.Tenant> = {}): Wire.Tenant => ({
    id: IDS.tenant,
    name: 'Velo Bikes',
    status: 'active',
    quotas: { messagesPerDay: null },
    createdAt: NOW,
    updatedAt: NOW,
    deletedAt: null,
    ...over,
  }),
  site: (over: Partial<Wire.Site> = {}): Wire.Site => ({
    id: IDS.site,
    tenantId: IDS.tenant,
    siteKey: IDS.siteKey,
    name: 'shop.example',
    status: 'active',
    allowedOrigins: [ORIGIN],
    botId: IDS.bot,
    theme: {},
    title: 'Velo Bikes',
    subtitle: 'Bike help · answers instantly',
    greeting: 'Hi!',
    starterPrompts: ['Opening hours'],
    locale: null,
    translations: {},
    identityRequired: false,
    identityAdopt: true,
    createdAt: NOW,
    updatedAt: NOW,
    embedSnippet: `<script src="${PUBLIC_URL}/widget.js" data-site-key="${IDS.siteKey}" async></script>`,
    ...over,
  }),
  resolvedSite: (over: Partial<ResolvedSite> = {}): ResolvedSite => {
    const { embedSnippet: _, ...site } = samples.site();
    return { ...site, tenantStatus: 'active', tenantDeleted: false, upstreamUserId: 'cbk-user-1', messagesPerDay: null, ...over };
  },
  bot: (over: Partial<Wire.Bot> = {}): Wire.Bot => ({
    id: IDS.bot,
    name: 'Smile',
    description: null,
    backstory: null,
    model: null,
    createdAt: NOW,
    ...over,
  }),
  identityKey: (over: Partial<Wire.IdentityKey> = {}): Wire.IdentityKey => ({
    kid: IDS.identityKey as Wire.IdentityKey['kid'],
    kind: 'secret',
    alg: 'HS256',
    createdAt: NOW,
    retiresAt: null,
    ...over,
  }),
  signingKey: (over: Partial<Wire.SigningKey> = {}): Wire.SigningKey => ({
    kid: 'key-1',
    alg: 'EdDSA',
    status: 'active',
    createdAt: NOW,
    retiredAt: null,
    source: 'stored',
    ...over,
  }),
  usage: (): Wire.Usage => {
    const counts = {
      sessions: 3,
      conversations: 2,
      messages: 5,
      answersCompleted: 4,
      answersFailed: 1,
      thumbsUp: 2,
      thumbsDown: 1,
    };
    return {
      tenantId: IDS.tenant,
      siteId: null,
      from: '2025-10-01',
      to: '2025-10-02',
      days: [{ day: '2025-10-02', ...counts }],
      totals: counts,
      sites: [{ siteId: IDS.site, name: 'Main site', totals: counts }],
    };
  },
  session: (s: ResolvedSite = samples.resolvedSite()): Wire.SessionResponse => ({
    token: VISITOR_TOKEN,
    expiresAt: NOW + 600_000,
    visitorId: IDS.visitor,
    identified: false,
    config: {
      siteKey: s.siteKey,
      title: s.title,
      subtitle: s.subtitle,
      greeting: s.greeting,
      starterPrompts: s.starterPrompts,
      locale: s.locale,
      theme: s.theme,
      translations: s.translations,
      identityRequired: s.identityRequired,
    },
  }),
  claims: (over: Partial<VisitorClaims> = {}): VisitorClaims => ({
    visitorId: IDS.visitor,
    siteKey: IDS.siteKey,
    tenantId: IDS.tenant,
    origin: ORIGIN,
    jti: 'jti-1',
    issuedAt: NOW,
    expiresAt: NOW + 600_000,
    ...over,
  }),
};

/** ChatBotKit's completion stream (JSON lines) for an answer made of `tokens`. */
export function jsonlAnswer(tokens: string[], end: 'result' | 'error' | 'none' = 'result'): string[] {
  const lines = tokens.map((token) => JSON.stringify({ type: 'token', data: { token } }));
  if (end === 'result')
    lines.push(JSON.stringify({ type: 'result', data: { id: 'msg_1', text: tokens.join(''), end: { reason: 'stop' } } }));
  if (end === 'error') lines.push(JSON.stringify({ type: 'error', data: { code: 'INTERNAL', message: 'secret upstream text' } }));
  return lines.map((l) => `${l}\n`);
}

/** An upstream body: the lines at once, then the end (or, with `hold`, nothing more until cancelled). */
export function upstreamBody(lines: string[], opts: { hold?: boolean } = {}) {
  const state = { cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const line of lines) controller.enqueue(new TextEncoder().encode(line));
      if (!opts.hold) controller.close();
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { body: body.getReader() as ChunkReader, state };
}

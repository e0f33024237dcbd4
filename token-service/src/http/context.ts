/** What the HTTP layer is built from (the domain services and a few platform pieces), and the per-request variables. */
import type { Logger } from 'pino';
import type { BotService } from '../bots/bot-service.js';
import type { ConversationService } from '../conversations/conversation-service.js';
import type { IdentityService } from '../identity/identity-service.js';
import type { Limits } from '../limits/index.js';
import type { LimitState } from '../limits/limiter.js';
import type { OnboardingService } from '../onboarding/onboarding-service.js';
import type { Lifecycle } from '../platform/lifecycle.js';
import type { Metrics } from '../platform/metrics.js';
import type { SessionService, VisitorClaims } from '../sessions/session-service.js';
import type { SigningKeyService } from '../signing-keys/signing-key-service.js';
import type { ResolvedSite, SiteService } from '../sites/site-service.js';
import type { TenantService } from '../tenants/tenant-service.js';
import type { UsageService } from '../usage/usage-service.js';
import type { AuditService } from '../audit/audit-service.js';
import type { InboxService } from '../conversations/inbox-service.js';
import type { BrandService } from '../brand/brand-service.js';
import type { CustomerService } from '../customers/customer-service.js';
import type { MemberService } from '../members/member-service.js';
import type { Principal, SignInService } from '../sign-in/sign-in-service.js';
import type { IpResolver } from './client-ip.js';
import type { PortalFiles } from './portal-files.js';

/** Route handlers call these; each owns its rules (see the folder of the same name). */
export interface DomainServices {
  tenants: TenantService;
  bots: BotService;
  sites: SiteService;
  sessions: SessionService;
  conversations: ConversationService;
  /** Signed-in visitors: the sites' identity keys and the users behind visitor ids. */
  identity: IdentityService;
  usage: UsageService;
  signingKeys: SigningKeyService;
  onboarding: OnboardingService;
  signIn: SignInService;
  members: MemberService;
  customers: CustomerService;
  brand: BrandService;
  audit: AuditService;
  inbox: InboxService;
}

export interface AppDeps extends DomainServices {
  /** Rejects when the store cannot be reached (readiness). */
  ready(): Promise<void>;
  /** The HTTP-level limits (per IP, per visitor) and the open-stream count. */
  limits: Limits;
  metrics: Metrics;
  logger: Logger;
  lifecycle: Lifecycle;
  clientIp: IpResolver;
  config: {
    adminToken: string | null;
    publicUrl: string;
    metricsPort: number | null;
    portal: {
      url: string;
      origins: string[];
      sessionMaxSeconds: number;
      /** Emailed sign-in links are offered. */
      emailLinks: boolean;
    };
  };
  /** The portal's built files, or null when it is not built. */
  portalFiles: PortalFiles | null;
  /** The built widget script, or null when it is missing. */
  widgetScript: () => Promise<Uint8Array | null>;
  /** The widget's other files (the panel), by name. */
  widgetAsset: (name: string) => Promise<Uint8Array | null>;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    clientIp: string;
    /** The rate limit closest to being reached so far (its headers are on the response). */
    rateLimit: LimitState;
    site: ResolvedSite;
    visitor: VisitorClaims;
    /** The answer's headers, gathered as the request goes (http/response.ts). */
    headers: Record<string, string>;
    /** Who is signed in to the portal (set on /portal/api/* when a session cookie is valid). */
    principal: Principal | undefined;
    /** The route that answered (its spec id) and the body fields it was sent, for the audit trail. */
    routeId: string;
    auditFields: string[];
    /** Fields the access log adds to its line (site key, tenant id). */
    logFields: Record<string, string>;
  };
}

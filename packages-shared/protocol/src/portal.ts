/**
 * The portal: people (operators of the partner, members of a customer), sign-in, the partner's
 * console (customers, operators, brand kit, audit). Served under `/portal/api/`; the admin API
 * (`/admin/v1/`) reuses the member, operator, brand and audit shapes.
 */
import { z } from 'zod';
import { AccountId, MemberId, PasskeyId, TenantId } from './ids.js';
import { LIMITS } from './limits.js';
import { displayText } from './text.js';
import { Onboarding, OnboardingRequest, Site, Tenant, TENANT_STATUSES } from './admin.js';

export const ROLES = ['owner', 'editor', 'viewer'] as const;
/** owner: also manages members; editor: changes widget and bot settings; viewer: reads. */
export const Role = z.enum(ROLES).meta({ id: 'Role' });
export const ACCOUNT_KINDS = ['operator', 'member'] as const;

/** At least 12 characters, no composition rules (NIST SP 800-63B); bounded so hashing stays cheap. */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;
export const Password = z
  .string()
  .min(PASSWORD_MIN, { message: `must be at least ${PASSWORD_MIN} characters` })
  .max(PASSWORD_MAX, { message: `must be at most ${PASSWORD_MAX} characters` });

export const Email = z
  .email({ message: 'must be an email address' })
  .max(254)
  .transform((v) => v.toLowerCase());

/** Free text of a query (a search, a filter): bounded, no control characters (they never match, and the store refuses NUL). */
const QueryText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((v) => !/[\u0000-\u001F\u007F]/.test(v), { message: 'must not contain control characters' });

/** A WebAuthn challenge handle as the service hands it out. */
export const ChallengeId = z.string().regex(/^[0-9A-Za-z]{32}$/, { message: 'must be a challenge id from the options call' });

export const Membership = z.strictObject({ tenantId: TenantId, tenantName: z.string(), role: Role }).meta({ id: 'Membership' });

/** `GET /portal/api/me`: who is signed in. */
export const Me = z
  .strictObject({
    userId: AccountId,
    email: z.string(),
    kind: z.enum(ACCOUNT_KINDS),
    memberships: z.array(Membership),
    /** How this person can sign in besides links. */
    credentials: z.strictObject({ password: z.boolean(), passkeys: z.number().int() }),
  })
  .meta({ id: 'Me' });

export const PasswordSignInRequest = z
  .strictObject({ email: Email, password: z.string().min(1).max(PASSWORD_MAX) })
  .meta({ id: 'PasswordSignInRequest' });

export const SetPasswordRequest = z
  .strictObject({
    password: Password,
    /** Required when the account already has a password. */
    currentPassword: z.string().max(PASSWORD_MAX).optional(),
  })
  .meta({ id: 'SetPasswordRequest' });

export const EmailLinkRequest = z.strictObject({ email: Email }).meta({ id: 'EmailLinkRequest' });
export const EmailLinkAccepted = z.strictObject({ message: z.string() }).meta({ id: 'EmailLinkAccepted' });

/** What the sign-in page offers (public): an emailed link only where SMTP is set up. */
export const SignInMethods = z
  .strictObject({ password: z.boolean(), passkey: z.boolean(), emailLink: z.boolean() })
  .meta({ id: 'SignInMethods' });

// ---- passkeys (WebAuthn; the option and response bodies are @simplewebauthn's JSON shapes)

export const WebAuthnJson = z.record(z.string(), z.unknown()).meta({ id: 'WebAuthnJson' });

export const PasskeyOptions = z.strictObject({ challengeId: z.string(), options: WebAuthnJson }).meta({ id: 'PasskeyOptions' });

export const PasskeyRegistrationRequest = z
  .strictObject({ challengeId: ChallengeId, name: displayText(LIMITS.name).optional(), response: WebAuthnJson })
  .meta({ id: 'PasskeyRegistrationRequest' });

export const PasskeySignInRequest = z
  .strictObject({ challengeId: ChallengeId, response: WebAuthnJson })
  .meta({ id: 'PasskeySignInRequest' });

export const Passkey = z
  .strictObject({ id: PasskeyId, name: z.string(), createdAt: z.number().int(), lastUsedAt: z.number().int().nullable() })
  .meta({ id: 'Passkey' });

// ---- members and operators

export const MEMBER_STATUSES = ['invited', 'active'] as const;

export const Member = z
  .strictObject({
    id: MemberId,
    email: z.string(),
    role: Role,
    /** invited: has never signed in. */
    status: z.enum(MEMBER_STATUSES),
    createdAt: z.number().int(),
    lastSignInAt: z.number().int().nullable(),
  })
  .meta({ id: 'Member' });

export const InviteMemberRequest = z.strictObject({ email: Email, role: Role }).meta({ id: 'InviteMemberRequest' });

export const MemberInvite = z
  .strictObject({
    id: MemberId,
    email: z.string(),
    role: Role,
    /**
     * true: the person already had an account (a member of another customer): they are added, and
     * see this customer at their next sign-in; `inviteUrl` is then the portal's sign-in page, not a
     * link that signs anyone in (an inviter must never get a way into someone else's account).
     */
    existingAccount: z.boolean(),
    /** A one-use link valid 7 days that signs the new member in (or the sign-in page, see existingAccount). */
    inviteUrl: z.url(),
    expiresAt: z.number().int(),
  })
  .meta({ id: 'MemberInvite' });

export const UpdateMemberRequest = z.strictObject({ role: Role }).meta({ id: 'UpdateMemberRequest' });

export const LoginLinkRequest = z.strictObject({ memberId: MemberId }).meta({ id: 'LoginLinkRequest' });
export const LoginLink = z.strictObject({ url: z.url(), expiresAt: z.number().int() }).meta({ id: 'LoginLink' });

export const Operator = z
  .strictObject({
    id: AccountId,
    email: z.string(),
    status: z.enum(MEMBER_STATUSES),
    createdAt: z.number().int(),
    lastSignInAt: z.number().int().nullable(),
  })
  .meta({ id: 'Operator' });

export const InviteOperatorRequest = z.strictObject({ email: Email }).meta({ id: 'InviteOperatorRequest' });
export const OperatorInvite = z
  .strictObject({ id: AccountId, email: z.string(), inviteUrl: z.url(), expiresAt: z.number().int() })
  .meta({ id: 'OperatorInvite' });

// ---- the console's customer table

export const CUSTOMER_SORTS = ['name', 'createdAt', 'messagesToday', 'lastActivityAt'] as const;

export const CustomersQuery = z
  .strictObject({
    q: QueryText(100).optional(),
    sort: z.enum(CUSTOMER_SORTS).default('name'),
    dir: z.enum(['asc', 'desc']).default('asc'),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(25),
  })
  .meta({ id: 'CustomersQuery' });

export const CustomerRow = z
  .strictObject({
    id: TenantId,
    name: z.string(),
    status: z.enum(TENANT_STATUSES),
    sites: z.number().int(),
    messagesToday: z.number().int(),
    messagesPerDay: z.number().int().nullable(),
    lastActivityAt: z.number().int().nullable(),
    /** Messages per UTC day, the last 14 days, oldest first (today last). */
    daily: z.array(z.number().int()),
  })
  .meta({ id: 'CustomerRow' });

export const CustomersPage = z
  .strictObject({
    items: z.array(CustomerRow),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .meta({ id: 'CustomersPage' });

/** A customer's page in the console (bots are listed separately: that asks ChatBotKit). */
export const CustomerDetail = z
  .strictObject({
    tenant: Tenant,
    sites: z.array(Site),
    members: z.array(Member),
    messagesToday: z.number().int(),
    daily: z.array(z.number().int()),
  })
  .meta({ id: 'CustomerDetail' });

/** Onboarding from the console: tenant, bot, site and, when `owner` is given, the first member's invite. */
export const OnboardCustomerRequest = OnboardingRequest.extend({
  owner: z.strictObject({ email: Email }).optional(),
}).meta({ id: 'OnboardCustomerRequest' });

export const OnboardCustomer = Onboarding.extend({ invite: MemberInvite.nullable() }).meta({ id: 'OnboardCustomer' });

// ---- brand kit

const HexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, { message: 'must be a color like #2563eb' });
const HttpsUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2000);

export const BRAND_IMAGE_SLOTS = ['logoLight', 'logoDark', 'favicon'] as const;
export const BrandImageSlot = z.enum(BRAND_IMAGE_SLOTS);
/** The largest brand image accepted, in bytes. */
export const BRAND_IMAGE_MAX = 256 * 1024;

export const Brand = z
  .strictObject({
    productName: displayText(LIMITS.name),
    accentColor: HexColor,
    supportUrl: HttpsUrl.nullable(),
    supportEmail: z.email().max(254).nullable(),
    /** Paths of the uploaded images on the service, or null. */
    images: z.strictObject({
      logoLight: z.string().nullable(),
      logoDark: z.string().nullable(),
      favicon: z.string().nullable(),
    }),
    updatedAt: z.number().int(),
  })
  .meta({ id: 'Brand' });

export const UpdateBrandRequest = z
  .strictObject({
    productName: displayText(LIMITS.name).optional(),
    accentColor: HexColor.optional(),
    supportUrl: HttpsUrl.nullable().optional(),
    supportEmail: z.email().max(254).nullable().optional(),
  })
  .meta({ id: 'UpdateBrandRequest' });

// ---- audit log

export const AuditEntry = z
  .strictObject({
    id: z.string(),
    at: z.number().int(),
    /** Who: an operator's or member's email, `admin-api` for the partner's token, `cli`. */
    actor: z.string(),
    /** What: the operation's id in the OpenAPI document (`inviteMember`, `updateBrand`, `signInWithPasskey`). */
    action: z.string(),
    targetType: z.string(),
    targetId: z.string().nullable(),
    tenantId: TenantId.nullable(),
    ip: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditEntry' });

export const AuditQuery = z
  .strictObject({
    actor: QueryText(254).optional(),
    action: QueryText(64).optional(),
    tenantId: TenantId.optional(),
    /** Entries older than this entry id (paging: the page's `next`). */
    before: z
      .string()
      .regex(/^[1-9]\d{0,17}$/, { message: 'must be an entry id (the `next` of a page)' })
      .optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .meta({ id: 'AuditQuery' });

export const AuditPage = z.strictObject({ items: z.array(AuditEntry), next: z.string().nullable() }).meta({ id: 'AuditPage' });

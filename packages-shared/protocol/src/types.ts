/**
 * Types of every wire shape, inferred from the schemas. Type-only: importing this module costs the
 * widget nothing at run time.
 */
import type { z } from 'zod';
import type * as admin from './admin.js';
import type * as conversation from './conversation.js';
import type * as error from './error.js';
import type * as portal from './portal.js';
import type * as customer from './customer.js';
import type * as identity from './identity.js';
import type * as session from './session.js';
import type * as site from './site.js';
import type * as stream from './stream.js';
import type * as theme from './theme.js';
import type * as translations from './translations.js';

export type Theme = z.infer<typeof theme.Theme>;
export type SiteConfig = z.infer<typeof site.SiteConfig>;
export type SessionRequest = z.infer<typeof session.SessionRequest>;
export type SessionResponse = z.infer<typeof session.SessionResponse>;
export type CreateConversationResponse = z.infer<typeof conversation.CreateConversationResponse>;
export type ConversationSummary = z.infer<typeof conversation.ConversationSummary>;
export type ConversationList = z.infer<typeof conversation.ConversationList>;
export type SendMessageRequest = z.infer<typeof conversation.SendMessageRequest>;
export type HistoryItem = z.infer<typeof conversation.HistoryItem>;
export type History = z.infer<typeof conversation.History>;
export type StartEvent = z.infer<typeof stream.StartEvent>;
export type TokenEvent = z.infer<typeof stream.TokenEvent>;
export type DoneEvent = z.infer<typeof stream.DoneEvent>;
export type ErrorEvent = z.infer<typeof stream.ErrorEvent>;
export type StreamEvent =
  | { event: 'start'; data: StartEvent }
  | { event: 'token'; data: TokenEvent }
  | { event: 'done'; data: DoneEvent }
  | { event: 'error'; data: ErrorEvent };
export type ErrorBody = z.infer<typeof error.ErrorBody>;
export type ErrorEnvelope = z.infer<typeof error.ErrorEnvelope>;
export type Tenant = z.infer<typeof admin.Tenant>;
export type CreateTenantRequest = z.input<typeof admin.CreateTenantRequest>;
export type UpdateTenantRequest = z.input<typeof admin.UpdateTenantRequest>;
export type Bot = z.infer<typeof admin.Bot>;
export type CreateBotRequest = z.input<typeof admin.CreateBotRequest>;
export type Site = z.infer<typeof admin.Site>;
export type CreateSiteRequest = z.input<typeof admin.CreateSiteRequest>;
export type UpdateSiteRequest = z.input<typeof admin.UpdateSiteRequest>;
export type Usage = z.infer<typeof admin.Usage>;
export type UsageDay = z.infer<typeof admin.UsageDay>;
export type UsageCounts = z.infer<typeof admin.UsageCounts>;
export type SigningKey = z.infer<typeof admin.SigningKey>;
export type ThemePatch = z.infer<typeof theme.ThemePatch>;
export type SiteTexts = z.infer<typeof translations.SiteTexts>;
export type Translations = z.infer<typeof translations.Translations>;
export type TranslationsPatch = z.input<typeof translations.TranslationsPatch>;
export type OnboardingRequest = z.input<typeof admin.OnboardingRequest>;
export type Onboarding = z.infer<typeof admin.Onboarding>;
export type { ErrorCode } from './codes.js';
export type Role = z.infer<typeof portal.Role>;
export type Me = z.infer<typeof portal.Me>;
export type Membership = z.infer<typeof portal.Membership>;
export type Member = z.infer<typeof portal.Member>;
export type MemberInvite = z.infer<typeof portal.MemberInvite>;
export type LoginLink = z.infer<typeof portal.LoginLink>;
export type Operator = z.infer<typeof portal.Operator>;
export type OperatorInvite = z.infer<typeof portal.OperatorInvite>;
export type Passkey = z.infer<typeof portal.Passkey>;
export type PasskeyOptions = z.infer<typeof portal.PasskeyOptions>;
export type CustomerRow = z.infer<typeof portal.CustomerRow>;
export type CustomersPage = z.infer<typeof portal.CustomersPage>;
export type CustomersQuery = z.input<typeof portal.CustomersQuery>;
export type Brand = z.infer<typeof portal.Brand>;
export type UpdateBrandRequest = z.input<typeof portal.UpdateBrandRequest>;
export type AuditEntry = z.infer<typeof portal.AuditEntry>;
export type AuditPage = z.infer<typeof portal.AuditPage>;
export type CustomerDetail = z.infer<typeof portal.CustomerDetail>;
export type OnboardCustomerRequest = z.input<typeof portal.OnboardCustomerRequest>;
export type OnboardCustomer = z.infer<typeof portal.OnboardCustomer>;
export type SignInMethods = z.infer<typeof portal.SignInMethods>;
export type InboxItem = z.infer<typeof customer.InboxItem>;
export type InboxPage = z.infer<typeof customer.InboxPage>;
export type InboxQuery = z.input<typeof customer.InboxQuery>;
export type Transcript = z.infer<typeof customer.Transcript>;
export type TranscriptMessage = z.infer<typeof customer.TranscriptMessage>;
export type SeenOrigin = z.infer<typeof customer.SeenOrigin>;
export type InstallStatus = z.infer<typeof customer.InstallStatus>;
export type UpdateBotRequest = z.input<typeof customer.UpdateBotRequest>;
export type FeedbackRequest = z.input<typeof conversation.FeedbackRequest>;
export type Feedback = z.infer<typeof conversation.Feedback>;
export type CreateIdentitySecretRequest = z.input<typeof identity.CreateIdentitySecretRequest>;
export type IdentitySecret = z.infer<typeof identity.IdentitySecret>;
export type AddIdentityKeyRequest = z.input<typeof identity.AddIdentityKeyRequest>;
export type IdentityKey = z.infer<typeof identity.IdentityKey>;
export type IdentityKeyList = z.infer<typeof identity.IdentityKeyList>;
export type IdentityUser = z.infer<typeof identity.IdentityUser>;
export type UpdateWidgetRequest = z.input<typeof customer.UpdateWidgetRequest>;

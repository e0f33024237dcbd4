/**
 * Signing in to the portal: one-use links (invites, login links, emailed links), passwords, passkeys
 * (WebAuthn through @simplewebauthn/server), and the server-side sessions they open.
 *
 * A session id is 32 random bytes in a `__Host-` cookie; the store keeps only its SHA-256, and every
 * request reads the session and the account's memberships from the store, so a sign-out, a removed
 * membership or a suspended tenant takes effect on every replica at the next request. Sign-in
 * attempts are throttled per account and per IP (counted in Redis when it is configured), and a
 * refusal never tells whether the email exists.
 */
import { createHash, randomBytes } from 'node:crypto';
import { PasskeyId, type Wire } from '@tessera/protocol';
import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { AccountRecord, AccountStore } from '../accounts/store.js';
import { decoyHash, hashPassword, verifyPassword } from '../accounts/passwords.js';
import { ServiceError } from '../errors.js';
import type { Limit } from '../limits/limiter.js';
import type { Clock } from '../platform/clock.js';
import { newId, randomBase62 } from '../platform/ids.js';
import type { Mailer } from './mailer.js';
import type { LinkPurpose, SignInStore } from './store.js';

/** Who is signed in, as every portal request sees it (read from the store each time). */
export interface Principal {
  accountId: string;
  email: string;
  kind: 'operator' | 'member';
  /** Memberships of live tenants only: a suspended customer's members cannot reach it. */
  memberships: { memberId: string; tenantId: string; tenantName: string; role: Wire.Role }[];
  hasPassword: boolean;
  /** The digest of the session id (to sign this session out). */
  sessionHash: string;
}

/** A new session: the cookie's value (given to the browser once) and its end. */
export interface OpenedSession {
  cookie: string;
  expiresAt: number;
  principal: Principal;
}

export interface SignInConfig {
  /** Where people reach the portal (links point here; passkeys are bound to its host). */
  portalUrl: string;
  /** Every origin the portal is served on (the service's own, PORTAL_URL's). */
  portalOrigins: string[];
  idleSeconds: number;
  maxSeconds: number;
}

export interface SignInServiceDeps {
  accounts: AccountStore;
  store: SignInStore;
  clock: Clock;
  config: SignInConfig;
  limits: { perAccount: Limit; perIp: Limit };
  /** The product name passkeys are registered under, and the brand of emails (the partner's). */
  brand: () => Promise<{ productName: string; accentColor: string }>;
  /** Sends emailed sign-in links; null when SMTP is not configured. */
  mailer: Mailer | null;
  logger: { error(o: object, m: string): void };
}

export const LINK_TTL_MS: Record<LinkPurpose, number> = {
  invite: 7 * 24 * 3600 * 1000,
  login: 5 * 60 * 1000,
  email: 15 * 60 * 1000,
};
const CHALLENGE_TTL_MS = 5 * 60 * 1000;
/** A session's last-seen time is written at most this often (not on every request). */
const TOUCH_EVERY_MS = 60 * 1000;

const SESSION_COOKIE_VALUE = /^[\w-]{43}$/;
/** A WebAuthn credential id (base64url); anything else is not looked up. */
const CREDENTIAL_ID = /^[\w-]{1,1366}$/;

export const digest = (value: string) => createHash('sha256').update(value).digest('base64url');

export class SignInService {
  private readonly rpId: string;

  constructor(private readonly deps: SignInServiceDeps) {
    this.rpId = new URL(deps.config.portalUrl).hostname;
  }

  // ---- links

  async issueLink(accountId: string, purpose: LinkPurpose): Promise<{ url: string; expiresAt: number }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.deps.clock.now();
    const expiresAt = now + LINK_TTL_MS[purpose];
    await this.deps.store.insertLink({ tokenHash: digest(token), purpose, accountId, now, expiresAt });
    return { url: `${this.deps.config.portalUrl}/portal/links/${token}`, expiresAt };
  }

  /** What a link's page shows before it is used: the account's email, or null for a dead link. */
  async peekLink(token: string): Promise<{ email: string; purpose: LinkPurpose } | null> {
    if (!/^[\w-]{43}$/.test(token)) return null;
    const link = await this.deps.store.peekLink(digest(token), this.deps.clock.now());
    if (!link) return null;
    const account = await this.deps.accounts.get(link.accountId);
    return account && account.removedAt === null ? { email: account.email, purpose: link.purpose } : null;
  }

  async useLink(token: string, replacing?: string): Promise<OpenedSession> {
    if (!/^[\w-]{43}$/.test(token)) throw new ServiceError('link_invalid');
    const link = await this.deps.store.useLink(digest(token), this.deps.clock.now()); // check: link-one-use
    const account = link ? await this.deps.accounts.get(link.accountId) : null;
    if (!account || account.removedAt !== null) throw new ServiceError('link_invalid');
    return this.open(account, replacing);
  }

  // ---- emailed links

  offersEmailLinks(): boolean {
    return this.deps.mailer !== null;
  }

  /**
   * Email a 15-minute sign-in link to an account's address. The caller is told the same whatever
   * happens (no account, a removed one, a mail server down): only the mailbox's owner learns more.
   */
  async emailLink(email: string, ip: string): Promise<void> {
    if (!this.deps.mailer) throw new ServiceError('not_found', { message: 'Email sign-in is not set up here.' });
    await this.deps.limits.perIp.take(ip);
    await this.deps.limits.perAccount.take(`email:${email}`);
    const account = await this.deps.accounts.byEmail(email);
    if (!account || account.removedAt !== null) return;
    // Not awaited: the answer takes as long whether or not the account exists.
    void this.sendLink(account, this.deps.mailer);
  }

  private async sendLink(account: AccountRecord, mailer: Mailer): Promise<void> {
    try {
      const link = await this.issueLink(account.id, 'email');
      await mailer.sendSignInLink(account.email, link, await this.deps.brand());
    } catch (err) {
      this.deps.logger.error({ err: { message: (err as Error).message } }, 'sign-in email could not be sent');
    }
  }

  // ---- passwords

  /**
   * Attempts count per IP, and per account: a right password gives its attempt back, so only
   * failures use up an account's budget (someone guessing cannot also spend the owner's sign-ins
   * without guessing wrong). Passkeys and emailed links have budgets of their own.
   */
  async signInWithPassword(email: string, password: string, ip: string, replacing?: string): Promise<OpenedSession> {
    await this.deps.limits.perIp.take(ip); // check: sign-in-throttle-ip
    const key = `password:${email}`;
    await this.deps.limits.perAccount.take(key); // check: sign-in-throttle-account
    const account = await this.deps.accounts.byEmail(email);
    const usable = account && account.removedAt === null && account.passwordHash !== null;
    // An unknown email costs the same hash as a wrong password.
    const ok = await verifyPassword(password, usable ? account.passwordHash! : await decoyHash());
    if (!usable || !ok) throw new ServiceError('sign_in_failed'); // check: password-verify
    await this.deps.limits.perAccount.giveBack(key);
    return this.open(account, replacing);
  }

  async setPassword(principal: Principal, body: { password: string; currentPassword?: string | undefined }): Promise<void> {
    const account = await this.requireAccount(principal);
    if (account.passwordHash !== null) {
      const ok = body.currentPassword !== undefined && (await verifyPassword(body.currentPassword, account.passwordHash));
      if (!ok) {
        throw new ServiceError('invalid_request', {
          issues: [{ path: 'currentPassword', message: 'is not your current password' }],
        });
      }
    }
    await this.deps.accounts.setPasswordHash(account.id, await hashPassword(body.password));
    // A changed password ends every other session (the old one may be what someone else knew).
    await this.deps.store.revokeSessionsOf(account.id, this.deps.clock.now(), principal.sessionHash);
  }

  // ---- passkeys

  async passkeyRegistrationOptions(principal: Principal): Promise<Wire.PasskeyOptions> {
    const existing = await this.deps.store.passkeysOf(principal.accountId);
    const options = await generateRegistrationOptions({
      rpName: (await this.deps.brand()).productName,
      rpID: this.rpId,
      userName: principal.email,
      userID: new TextEncoder().encode(principal.accountId),
      attestationType: 'none',
      excludeCredentials: existing.map((p) => ({ id: p.credentialId })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
    });
    return { challengeId: await this.saveChallenge(options.challenge, principal.accountId), options: { ...options } };
  }

  async registerPasskey(
    principal: Principal,
    body: { challengeId: string; name?: string | undefined; response: Record<string, unknown> },
  ): Promise<Wire.Passkey> {
    const challenge = await this.deps.store.takeChallenge(body.challengeId, this.deps.clock.now());
    if (!challenge || challenge.accountId !== principal.accountId) throw new ServiceError('passkey_failed');
    let credential: { id: string; publicKey: Uint8Array; counter: number; transports?: string[] | undefined };
    try {
      const verified = await verifyRegistrationResponse({
        response: body.response as unknown as RegistrationResponseJSON,
        expectedChallenge: challenge.challenge,
        expectedOrigin: this.deps.config.portalOrigins,
        expectedRPID: this.rpId,
      });
      if (!verified.verified) throw new Error('not verified');
      credential = verified.registrationInfo.credential;
    } catch (err) {
      throw new ServiceError('passkey_failed', { cause: err });
    }
    if (await this.deps.store.passkeyByCredential(credential.id)) throw new ServiceError('passkey_failed');
    const stored = await this.deps.store.insertPasskey({
      id: newId('passkey'),
      accountId: principal.accountId,
      credentialId: credential.id,
      publicKey: credential.publicKey,
      counter: credential.counter,
      transports: credential.transports ?? [],
      name: body.name ?? 'Passkey',
      createdAt: this.deps.clock.now(),
    });
    return publicPasskey(stored);
  }

  async listPasskeys(principal: Principal): Promise<Wire.Passkey[]> {
    return (await this.deps.store.passkeysOf(principal.accountId)).map(publicPasskey);
  }

  async removePasskey(principal: Principal, passkeyId: string): Promise<void> {
    if (!PasskeyId.safeParse(passkeyId).success || !(await this.deps.store.removePasskey(principal.accountId, passkeyId))) {
      throw new ServiceError('not_found');
    }
    await this.deps.store.revokeSessionsOf(principal.accountId, this.deps.clock.now(), principal.sessionHash);
  }

  async passkeySignInOptions(): Promise<Wire.PasskeyOptions> {
    const options = await generateAuthenticationOptions({ rpID: this.rpId, userVerification: 'preferred' });
    return { challengeId: await this.saveChallenge(options.challenge, null), options: { ...options } };
  }

  async signInWithPasskey(
    body: { challengeId: string; response: Record<string, unknown> },
    ip: string,
    replacing?: string,
  ): Promise<OpenedSession> {
    await this.deps.limits.perIp.take(ip);
    const challenge = await this.deps.store.takeChallenge(body.challengeId, this.deps.clock.now());
    const response = body.response as unknown as AuthenticationResponseJSON;
    const credentialId = typeof response.id === 'string' && CREDENTIAL_ID.test(response.id) ? response.id : null;
    const passkey = credentialId ? await this.deps.store.passkeyByCredential(credentialId) : null;
    if (!challenge || challenge.accountId !== null || !passkey) throw new ServiceError('passkey_failed');
    let newCounter: number;
    try {
      const verified = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge.challenge,
        expectedOrigin: this.deps.config.portalOrigins,
        expectedRPID: this.rpId,
        credential: {
          id: passkey.credentialId,
          publicKey: passkey.publicKey as Uint8Array<ArrayBuffer>,
          counter: passkey.counter,
          transports: passkey.transports as never,
        },
      });
      // verifyAuthenticationResponse itself throws on a wrong signature, origin, RP or challenge.
      if (!verified.verified) throw new Error('not verified');
      newCounter = verified.authenticationInfo.newCounter;
    } catch (err) {
      throw new ServiceError('passkey_failed', { cause: err });
    }
    const account = await this.deps.accounts.get(passkey.accountId);
    if (!account || account.removedAt !== null) throw new ServiceError('passkey_failed');
    await this.deps.store.passkeyUsed(passkey.id, newCounter, this.deps.clock.now());
    return this.open(account, replacing);
  }

  // ---- sessions

  /** The person behind a session cookie, or null (absent, unknown, revoked, idle too long, expired). */
  async authenticate(cookie: string | undefined): Promise<Principal | null> {
    if (!cookie || !SESSION_COOKIE_VALUE.test(cookie)) return null;
    const now = this.deps.clock.now();
    const idHash = digest(cookie);
    const session = await this.deps.store.liveSession(idHash, now, this.deps.config.idleSeconds * 1000); // check: portal-session-live
    if (!session) return null;
    if (now - session.last_seen_at > TOUCH_EVERY_MS) await this.deps.store.touchSession(idHash, now);
    const account = await this.deps.accounts.get(session.account_id);
    if (!account) return null;
    return this.principalOf(account, idHash);
  }

  async signOut(principal: Principal): Promise<void> {
    await this.deps.store.revokeSession(principal.sessionHash, this.deps.clock.now());
  }

  async signOutEverywhere(principal: Principal): Promise<void> {
    await this.deps.store.revokeSessionsOf(principal.accountId, this.deps.clock.now());
  }

  /** End every session and link of an account (removed from the portal); with `passkeys`, its passkeys go too. */
  async revokeAll(accountId: string, opts: { passkeys?: boolean } = {}): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.store.revokeSessionsOf(accountId, now);
    await this.deps.store.voidLinks(accountId, now);
    if (opts.passkeys) await this.deps.store.removePasskeysOf(accountId);
  }

  /** Void every unused link of an account (someone else must not hold a way in). */
  async voidLinks(accountId: string): Promise<void> {
    await this.deps.store.voidLinks(accountId, this.deps.clock.now());
  }

  async hasPasskeys(accountId: string): Promise<boolean> {
    return (await this.deps.store.passkeysOf(accountId)).length > 0;
  }

  /** The portal's sign-in page. */
  signInPageUrl(): string {
    return `${this.deps.config.portalUrl}/portal/sign-in`;
  }

  async me(principal: Principal): Promise<Wire.Me> {
    const passkeys = await this.deps.store.passkeysOf(principal.accountId);
    return {
      userId: principal.accountId,
      email: principal.email,
      kind: principal.kind,
      memberships: principal.memberships.map(({ tenantId, tenantName, role }) => ({ tenantId, tenantName, role })),
      credentials: { password: principal.hasPassword, passkeys: passkeys.length },
    };
  }

  /** A new session; `replacing` is the cookie the browser had (its session ends: one browser, one session). */
  private async open(account: AccountRecord, replacing?: string): Promise<OpenedSession> {
    if (replacing && SESSION_COOKIE_VALUE.test(replacing))
      await this.deps.store.revokeSession(digest(replacing), this.deps.clock.now());
    // A new id at every sign-in (no fixation): the cookie a browser had before is never reused.
    const cookie = randomBytes(32).toString('base64url');
    const now = this.deps.clock.now();
    const expiresAt = now + this.deps.config.maxSeconds * 1000;
    const idHash = digest(cookie);
    await this.deps.store.insertSession({ idHash, accountId: account.id, now, expiresAt });
    await this.deps.accounts.signedIn(account.id, now);
    return { cookie, expiresAt, principal: await this.principalOf(account, idHash) };
  }

  private async principalOf(account: AccountRecord, sessionHash: string): Promise<Principal> {
    const memberships = account.kind === 'member' ? await this.deps.accounts.membershipsOf(account.id) : [];
    return {
      accountId: account.id,
      email: account.email,
      kind: account.kind,
      memberships: memberships
        .filter((m) => m.tenantLive) // check: suspended-tenant-members
        .map((m) => ({ memberId: m.id, tenantId: m.tenantId, tenantName: m.tenantName, role: m.role })),
      hasPassword: account.passwordHash !== null,
      sessionHash,
    };
  }

  private async requireAccount(principal: Principal): Promise<AccountRecord> {
    const account = await this.deps.accounts.get(principal.accountId);
    if (!account) throw new ServiceError('unauthenticated');
    return account;
  }

  private async saveChallenge(challenge: string, accountId: string | null): Promise<string> {
    const id = randomBase62(32);
    await this.deps.store.insertChallenge({ id, challenge, accountId, expiresAt: this.deps.clock.now() + CHALLENGE_TTL_MS });
    return id;
  }
}

function publicPasskey(p: { id: string; name: string; createdAt: number; lastUsedAt: number | null }): Wire.Passkey {
  return { id: p.id, name: p.name, createdAt: p.createdAt, lastUsedAt: p.lastUsedAt };
}

/**
 * The people of the portal: a tenant's members (owner, editor, viewer) and the partner's operators.
 * Inviting creates the account when the email is new, the membership, and a one-use invite link
 * (7 days); removing someone ends their sessions and links at once. A tenant always keeps at least
 * one owner once it has one.
 */
import { AccountId, MemberId, type Wire } from '@tessera/protocol';
import type { AccountRecord, AccountStore, MemberRecord } from '../accounts/store.js';
import { ServiceError } from '../errors.js';
import type { Clock } from '../platform/clock.js';
import { newId } from '../platform/ids.js';
import { LINK_TTL_MS, type SignInService } from '../sign-in/sign-in-service.js';
import type { TenantService } from '../tenants/tenant-service.js';

export interface MemberServiceDeps {
  accounts: AccountStore;
  tenants: Pick<TenantService, 'require' | 'requireLive'>;
  signIn: Pick<SignInService, 'issueLink' | 'revokeAll' | 'voidLinks' | 'hasPasskeys' | 'signInPageUrl'>;
  clock: Clock;
}

const toMember = (m: MemberRecord): Wire.Member => ({
  id: m.id as Wire.Member['id'],
  email: m.email,
  role: m.role,
  status: m.lastSignInAt === null ? 'invited' : 'active',
  createdAt: m.createdAt,
  lastSignInAt: m.lastSignInAt,
});

const toOperator = (a: AccountRecord): Wire.Operator => ({
  id: a.id as Wire.Operator['id'],
  email: a.email,
  status: a.lastSignInAt === null ? 'invited' : 'active',
  createdAt: a.createdAt,
  lastSignInAt: a.lastSignInAt,
});

export class MemberService {
  constructor(private readonly deps: MemberServiceDeps) {}

  async list(tenantId: string): Promise<Wire.Member[]> {
    await this.deps.tenants.require(tenantId);
    return (await this.deps.accounts.members(tenantId)).map(toMember);
  }

  /**
   * Invite someone to a tenant. A new person (or one with no other access and no credentials) gets
   * a one-use link that signs them in. Someone who already has an account is only added: the
   * inviter gets the sign-in page's address, never a link into that account (which would open every
   * other customer the person belongs to), and any link still out for the account is voided.
   */
  async invite(tenantId: string, body: { email: string; role: Wire.Role }): Promise<Wire.MemberInvite> {
    await this.deps.tenants.requireLive(tenantId);
    const now = this.deps.clock.now();
    let account = await this.deps.accounts.byEmail(body.email);
    if (account?.kind === 'operator') {
      throw new ServiceError('conflict', { message: 'This email cannot be invited as a member.' });
    }
    if (!account) account = await this.deps.accounts.insert({ id: newId('account'), email: body.email, kind: 'member', now });
    else if (account.removedAt !== null) await this.deps.accounts.restore(account.id);
    const existing = await this.deps.accounts.memberByAccount(tenantId, account.id);
    if (existing) throw new ServiceError('conflict', { message: 'This person is already a member of this customer.' });
    const others = await this.deps.accounts.membershipsOf(account.id);
    const credentials = account.passwordHash !== null || (await this.deps.signIn.hasPasskeys(account.id));
    await this.deps.accounts.insertMembership({ id: newId('member'), accountId: account.id, tenantId, role: body.role, now });
    const member = (await this.deps.accounts.memberByAccount(tenantId, account.id))!;
    const reply = { id: toMember(member).id, email: member.email, role: member.role };
    if (others.length > 0 || credentials /* check: invite-existing-account */) {
      await this.deps.signIn.voidLinks(account.id);
      return {
        ...reply,
        existingAccount: true,
        inviteUrl: this.deps.signIn.signInPageUrl(),
        expiresAt: now + LINK_TTL_MS.invite,
      };
    }
    const link = await this.deps.signIn.issueLink(account.id, 'invite');
    return { ...reply, existingAccount: false, inviteUrl: link.url, expiresAt: link.expiresAt };
  }

  /**
   * A new invite link for a member who has not signed in yet (the old one stops working). Someone
   * with other access or credentials gets none, by the same rule as `invite`.
   */
  async resendInvite(tenantId: string, memberId: string | undefined): Promise<Wire.MemberInvite> {
    await this.deps.tenants.requireLive(tenantId);
    const member = await this.require(tenantId, memberId);
    if (member.lastSignInAt !== null) {
      throw new ServiceError('conflict', { message: 'This member has already signed in: they sign in as usual.' });
    }
    const account = (await this.deps.accounts.get(member.accountId))!;
    const others = (await this.deps.accounts.membershipsOf(account.id)).filter((m) => m.tenantId !== tenantId);
    const credentials = account.passwordHash !== null || (await this.deps.signIn.hasPasskeys(account.id));
    await this.deps.signIn.voidLinks(account.id);
    const reply = { id: toMember(member).id, email: member.email, role: member.role };
    if (others.length > 0 || credentials) {
      return {
        ...reply,
        existingAccount: true,
        inviteUrl: this.deps.signIn.signInPageUrl(),
        expiresAt: this.deps.clock.now() + LINK_TTL_MS.invite,
      };
    }
    const link = await this.deps.signIn.issueLink(account.id, 'invite');
    return { ...reply, existingAccount: false, inviteUrl: link.url, expiresAt: link.expiresAt };
  }

  async get(tenantId: string, memberId: string | undefined): Promise<Wire.Member> {
    return toMember(await this.require(tenantId, memberId));
  }

  async changeRole(tenantId: string, memberId: string | undefined, role: Wire.Role): Promise<Wire.Member> {
    const member = await this.require(tenantId, memberId);
    if (!(await this.deps.accounts.changeKeepingAnOwner(tenantId, member.id, { role }))) {
      throw new ServiceError('conflict', { message: 'A customer keeps at least one owner: make someone else owner first.' });
    }
    return toMember({ ...member, role });
  }

  async remove(tenantId: string, memberId: string | undefined): Promise<void> {
    const member = await this.require(tenantId, memberId);
    if (!(await this.deps.accounts.changeKeepingAnOwner(tenantId, member.id, 'remove'))) {
      throw new ServiceError('conflict', { message: 'A customer keeps at least one owner: make someone else owner first.' });
    }
    const left = await this.deps.accounts.membershipsOf(member.accountId);
    // Sessions read memberships at every request, so access to this tenant ends at once; someone
    // left with no customer at all is signed out everywhere and their links die.
    if (left.length === 0) {
      await this.deps.signIn.revokeAll(member.accountId, { passkeys: true });
      await this.deps.accounts.remove(member.accountId, this.deps.clock.now());
    }
  }

  /** A 5-minute, one-use link that signs a member straight in (the partner's "Manage your chat"). */
  async loginLink(tenantId: string, memberId: string | undefined): Promise<Wire.LoginLink> {
    await this.deps.tenants.requireLive(tenantId);
    const member = await this.require(tenantId, memberId);
    const link = await this.deps.signIn.issueLink(member.accountId, 'login');
    return { url: link.url, expiresAt: link.expiresAt };
  }

  // ---- operators

  async listOperators(): Promise<Wire.Operator[]> {
    return (await this.deps.accounts.listOperators()).map(toOperator);
  }

  /**
   * Invite an operator; `reissue` (the admin API, the partner's root of trust) also gives an operator
   * who already signed up a fresh one-use link (lost passkey, forgotten password).
   */
  async inviteOperator(email: string, opts: { reissue?: boolean } = {}): Promise<Wire.OperatorInvite> {
    let account = await this.deps.accounts.byEmail(email);
    if (account && account.kind !== 'operator') {
      throw new ServiceError('conflict', { message: "This email belongs to a customer's member." });
    }
    if (account && account.removedAt === null && account.lastSignInAt !== null && !opts.reissue) {
      throw new ServiceError('conflict', { message: 'This person is already an operator.' });
    }
    if (!account) {
      account = await this.deps.accounts.insert({ id: newId('account'), email, kind: 'operator', now: this.deps.clock.now() });
    } else if (account.removedAt !== null) await this.deps.accounts.restore(account.id);
    const link = await this.deps.signIn.issueLink(account.id, 'invite');
    return { id: account.id as Wire.OperatorInvite['id'], email: account.email, inviteUrl: link.url, expiresAt: link.expiresAt };
  }

  async removeOperator(accountId: string | undefined, by: { accountId: string } | null): Promise<void> {
    const account = accountId && AccountId.safeParse(accountId).success ? await this.deps.accounts.get(accountId) : null;
    if (account?.kind !== 'operator' || account.removedAt !== null) throw new ServiceError('operator_not_found');
    if (by?.accountId === account.id) {
      throw new ServiceError('conflict', { message: 'You cannot remove yourself; ask another operator.' });
    }
    await this.deps.signIn.revokeAll(account.id, { passkeys: true });
    await this.deps.accounts.remove(account.id, this.deps.clock.now());
  }

  private async require(tenantId: string, memberId: string | undefined): Promise<MemberRecord> {
    await this.deps.tenants.require(tenantId);
    if (!memberId || !MemberId.safeParse(memberId).success) throw new ServiceError('member_not_found');
    const member = await this.deps.accounts.member(tenantId, memberId);
    if (!member) throw new ServiceError('member_not_found');
    return member;
  }
}

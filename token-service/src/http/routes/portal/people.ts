/**
 * People, in the portal and in the admin API: a customer's members (owners manage them; operators
 * too) and the partner's operators (operators only). The rules live in members/member-service.ts.
 */
import {
  InviteMemberRequest,
  InviteOperatorRequest,
  listOf,
  LoginLink,
  LoginLinkRequest,
  Member,
  MemberInvite,
  Operator,
  OperatorInvite,
  UpdateMemberRequest,
} from '@tessera/protocol';
import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.js';
import { answer, json } from '../../response.js';
import { type Auth, BODY_ERRORS, mount, type RouteSpec, route } from '../../spec.js';

/** The same member routes under the portal and under the admin API. */
function memberSpecs(base: string, auth: Auth, tag: string) {
  const members = `${base}/tenants/{tenantId}/members`;
  const owner = auth === 'portal' ? { access: { role: 'owner' as const } } : {};
  const viewer = auth === 'portal' ? { access: { role: 'viewer' as const } } : {};
  const prefix = auth === 'portal' ? 'portal' : '';
  const name = (id: string) => (prefix ? `${prefix}${id[0]!.toUpperCase()}${id.slice(1)}` : id);
  return {
    list: route({
      id: name('listMembers'),
      method: 'get',
      path: members,
      tag,
      summary: "A customer's members, oldest first",
      auth,
      ...viewer,
      answers: { 200: { description: 'Members', schema: listOf(Member) } },
      errors: ['tenant_not_found'],
    }),
    invite: route({
      id: name('inviteMember'),
      method: 'post',
      path: members,
      tag,
      summary: 'Invite a member with a role: a one-use invite link, valid 7 days',
      auth,
      ...owner,
      body: InviteMemberRequest,
      answers: { 201: { description: 'The member and their invite link', schema: MemberInvite } },
      errors: [...BODY_ERRORS, 'tenant_not_found', 'tenant_suspended', 'conflict'],
    }),
    update: route({
      id: name('updateMember'),
      method: 'patch',
      path: `${members}/{memberId}`,
      tag,
      summary: "Change a member's role",
      auth,
      ...owner,
      body: UpdateMemberRequest,
      answers: { 200: { description: 'The member', schema: Member } },
      errors: [...BODY_ERRORS, 'tenant_not_found', 'member_not_found', 'conflict'],
    }),
    resend: route({
      id: name('resendInvite'),
      method: 'post',
      path: `${members}/{memberId}/invite`,
      tag,
      summary: 'A new invite link for a member who has not signed in yet (the previous link stops working)',
      auth,
      ...owner,
      answers: { 201: { description: 'The member and their new link', schema: MemberInvite } },
      errors: ['tenant_not_found', 'tenant_suspended', 'member_not_found', 'conflict'],
    }),
    remove: route({
      id: name('removeMember'),
      method: 'delete',
      path: `${members}/{memberId}`,
      tag,
      summary: 'Remove a member: their access to this customer ends at once',
      auth,
      ...owner,
      answers: { 204: { description: 'Removed' } },
      errors: ['tenant_not_found', 'member_not_found', 'conflict'],
    }),
  };
}

function operatorSpecs(base: string, auth: Auth, tag: string) {
  const operators = `${base}/operators`;
  const access = auth === 'portal' ? { access: { operatorOnly: true } } : {};
  const name = (id: string) => (auth === 'portal' ? `portal${id[0]!.toUpperCase()}${id.slice(1)}` : id);
  return {
    list: route({
      id: name('listOperators'),
      method: 'get',
      path: operators,
      tag,
      summary: "The partner's operators",
      auth,
      ...access,
      answers: { 200: { description: 'Operators', schema: listOf(Operator) } },
      errors: [],
    }),
    invite: route({
      id: name('inviteOperator'),
      method: 'post',
      path: operators,
      tag,
      summary:
        auth === 'admin'
          ? 'Invite an operator, or give one a new sign-in link: one use, valid 7 days'
          : 'Invite an operator: a one-use sign-up link, valid 7 days',
      auth,
      ...access,
      body: InviteOperatorRequest,
      answers: { 201: { description: 'The operator and their invite link', schema: OperatorInvite } },
      errors: [...BODY_ERRORS, 'conflict'],
    }),
    remove: route({
      id: name('removeOperator'),
      method: 'delete',
      path: `${operators}/{operatorId}`,
      tag,
      summary: 'Remove an operator: their sessions and links end at once',
      auth,
      ...access,
      answers: { 204: { description: 'Removed' } },
      errors: ['operator_not_found', 'conflict'],
    }),
  };
}

export const portalMembers = memberSpecs('/portal/api', 'portal', 'Portal: people');
export const adminMembers = memberSpecs('/admin/v1', 'admin', 'Members');
export const portalOperators = operatorSpecs('/portal/api', 'portal', 'Portal: people');
export const adminOperators = operatorSpecs('/admin/v1', 'admin', 'Operators');

export const createLoginLink = route({
  id: 'createLoginLink',
  method: 'post',
  path: '/admin/v1/tenants/{tenantId}/login-links',
  tag: 'Members',
  summary: 'A link that signs a member straight in ("Manage your chat" in your product): one use, valid 5 minutes',
  auth: 'admin',
  body: LoginLinkRequest,
  answers: { 201: { description: 'The link', schema: LoginLink } },
  errors: [...BODY_ERRORS, 'tenant_not_found', 'tenant_suspended', 'member_not_found'],
});

export const PEOPLE_ROUTES: RouteSpec[] = [
  ...Object.values(portalMembers),
  ...Object.values(adminMembers),
  ...Object.values(portalOperators),
  ...Object.values(adminOperators),
  createLoginLink,
] as RouteSpec[];

export function peopleRoutes(app: Hono<AppEnv>, { members }: AppDeps) {
  for (const specs of [portalMembers, adminMembers]) {
    const tenantId = (c: { req: { param(name: string): string | undefined } }) => c.req.param('tenantId') ?? '';
    mount(app, specs.list, async (c) => json(c, { items: await members.list(tenantId(c)) }));
    mount(app, specs.invite, async (c, { body }) => json(c, await members.invite(tenantId(c), body), 201));
    mount(app, specs.update, async (c, { body }) =>
      json(c, await members.changeRole(tenantId(c), c.req.param('memberId'), body.role)),
    );
    mount(app, specs.resend, async (c) => json(c, await members.resendInvite(tenantId(c), c.req.param('memberId')), 201));
    mount(app, specs.remove, async (c) => {
      await members.remove(tenantId(c), c.req.param('memberId'));
      return answer(c, null, 204);
    });
  }
  for (const specs of [portalOperators, adminOperators]) {
    mount(app, specs.list, async (c) => json(c, { items: await members.listOperators() }));
    const reissue = specs === adminOperators;
    mount(app, specs.invite, async (c, { body }) => json(c, await members.inviteOperator(body.email, { reissue }), 201));
    mount(app, specs.remove, async (c) => {
      const principal = c.get('principal');
      await members.removeOperator(c.req.param('operatorId'), principal ? { accountId: principal.accountId } : null);
      return answer(c, null, 204);
    });
  }
  mount(app, createLoginLink, async (c, { body }) =>
    json(c, await members.loginLink(c.req.param('tenantId') ?? '', body.memberId), 201),
  );
}

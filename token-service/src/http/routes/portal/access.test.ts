/**
 * Who may call each portal route, in memory, for every route at once (the specs say who may; these
 * tests prove mount enforces it): signed in or 401; an unsafe request from another origin or none,
 * 403 before anything runs; a member asking for another customer, 404 with no service call; a
 * member below the route's role, 403; operators everywhere.
 */
import { describe, expect, it } from 'vitest';
import type { RouteSpec } from '../../spec.js';
import { pathOf, routeCases, testApp } from '../../testing/client.js';
import { IDS, PORTAL_ORIGIN, type PortalPerson, portalAs } from '../../testing/fakes.js';
import { ROUTES } from '../index.js';

const PORTAL = ROUTES.filter((r) => r.auth === 'portal');
const UNSAFE_PORTAL = ROUTES.filter((r) => r.path.startsWith('/portal/') && r.method !== 'get');
const TENANT_SCOPED = PORTAL.filter((r) => r.path.includes('{tenantId}'));
const OPERATOR_ONLY = PORTAL.filter((r) => r.access?.operatorOnly);
const RANK = { viewer: 0, editor: 1, owner: 2 } as const;

/** A body each route accepts (the fakes answer whatever is sent). */
function bodyOf(spec: RouteSpec): { json?: unknown; body?: string; headers?: Record<string, string> } {
  if (spec.upload) return { body: 'x', headers: { 'content-type': 'image/png' } };
  if (!spec.body) return {};
  const samples: Record<string, unknown> = {
    setPassword: { password: 'correct horse battery staple' },
    registerPasskey: { challengeId: 'c'.repeat(32), response: {} },
    portalInviteMember: { email: 'new@velo.example', role: 'viewer' },
    portalUpdateMember: { role: 'editor' },
    portalInviteOperator: { email: 'op2@partner.example' },
    onboardCustomer: { tenant: { name: 'Acme' }, site: { allowedOrigins: ['https://acme.example'], title: 'Acme' } },
    updateCustomer: { name: 'Acme 2' },
    portalUpdateBrand: { productName: 'Partner Chat' },
    portalAddIdentityKey: {
      alg: 'EdDSA',
      publicKey:
        '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n',
    },
  };
  return { json: samples[spec.id] ?? {} };
}

const serviceCalls = (calls: { name: string }[]) => calls.filter((c) => c.name !== 'signIn.authenticate');

/** Query parameters a route requires. */
const QUERY: Record<string, string> = { portalExportConversations: '?from=2026-12-01&to=2026-12-02' };

function callAs(
  who: PortalPerson | null,
  spec: RouteSpec,
  path = pathOf(spec) + (QUERY[spec.id] ?? ''),
  extra: Record<string, string> = {},
) {
  const { call, deps } = testApp();
  const init = bodyOf(spec);
  const headers = { ...(who ? portalAs(who) : { origin: PORTAL_ORIGIN }), ...init.headers, ...extra };
  return { deps, res: call(spec.method.toUpperCase(), path, { ...init, headers }) };
}

// Check: portal-signed-in, portal-csrf, portal-tenant-isolation, portal-operator-only, portal-role (http/spec.ts
// portalAccess, http/middleware/portal.ts portalOrigin).
describe('portal access', () => {
  it.each(routeCases(...PORTAL))('%s: 401 unauthenticated without a session, no service call', async (_, spec) => {
    const { deps, res } = callAs(null, spec);
    expect([(await res).status, (await res).body.error.code]).toEqual([401, 'unauthenticated']);
    expect(serviceCalls(deps.calls)).toEqual([]);
  });

  it.each(routeCases(...UNSAFE_PORTAL))('%s: 403 csrf_rejected from another origin or none, nothing runs', async (_, spec) => {
    for (const origin of ['https://evil.example', 'null', '']) {
      const { deps, res } = callAs('operator', spec, pathOf(spec), { origin });
      expect([(await res).status, (await res).body.error.code], origin).toEqual([403, 'csrf_rejected']);
      expect(deps.calls, origin).toEqual([]);
    }
  });

  it.each(routeCases(...TENANT_SCOPED))(
    "%s: a member asking for another customer's resource gets 404, no service call",
    async (_, spec) => {
      for (const who of ['owner', 'editor', 'viewer'] as const) {
        const path = pathOf(spec).replace(IDS.tenant, IDS.otherTenant);
        const { deps, res } = callAs(who, spec, path);
        expect([(await res).status, (await res).body.error.code], who).toEqual([404, 'tenant_not_found']);
        expect(serviceCalls(deps.calls), who).toEqual([]);
      }
    },
  );

  it.each(routeCases(...OPERATOR_ONLY))('%s: operators only (members get 403 forbidden, no service call)', async (_, spec) => {
    for (const who of ['owner', 'editor', 'viewer'] as const) {
      const { deps, res } = callAs(who, spec);
      expect([(await res).status, (await res).body.error.code], who).toEqual([403, 'forbidden']);
      expect(serviceCalls(deps.calls), who).toEqual([]);
    }
  });

  it.each(routeCases(...TENANT_SCOPED.filter((r) => !r.access?.operatorOnly)))(
    "%s: the role matrix (below the route's role: 403, at or above: answered)",
    async (_, spec) => {
      const need = RANK[spec.access?.role ?? 'viewer'];
      for (const who of ['viewer', 'editor', 'owner'] as const) {
        const res = await callAs(who, spec).res;
        if (RANK[who] < need) expect([res.status, res.body.error.code], who).toEqual([403, 'forbidden']);
        else expect(res.status, `${who}: ${res.text}`).toBeLessThan(300);
      }
    },
  );

  it.each(routeCases(...PORTAL))('%s: an operator is let through', async (_, spec) => {
    const res = await callAs('operator', spec).res;
    expect(res.status, res.text).toBeLessThan(300);
  });
});

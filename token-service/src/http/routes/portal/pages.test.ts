/**
 * A sign-in link's button (POST /portal/links/{token}), in memory: it signs in and sends the person
 * on to the portal page `?next=` names, and only to one: another site, `//host`, a climb out of
 * /portal/ or a service path is ignored, and the usual page follows. (Raw answers: these pages are
 * HTML and redirects, not the JSON the spec checker reads.)
 */
import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../../errors.js';
import { requestInit, testApp } from '../../testing/client.js';
import { callsTo, NOW, PORTAL_ORIGIN, samples } from '../../testing/fakes.js';

const TOKEN = 'l'.repeat(43);

/** Use the link with `query` on its URL, as someone with or without a password. */
async function useLink(query: string, { credentials = true } = {}) {
  const { app, deps } = testApp({
    signIn: {
      useLink: async () => ({ cookie: 'n'.repeat(43), expiresAt: NOW + 3600_000, principal: samples.principal('owner') }),
      me: async (p) => ({ ...samples.me(p), credentials: { password: credentials, passkeys: 0 } }),
    },
  });
  const res = await app.request(`/portal/links/${TOKEN}${query}`, requestInit('POST', { headers: { origin: PORTAL_ORIGIN } }));
  return { res, deps };
}

describe('a sign-in link with ?next=', () => {
  it('signs in and goes to the portal page it names, query included', async () => {
    const next = '/portal/t/tn_1/widget?site=si_1';
    const { res, deps } = await useLink(`?next=${encodeURIComponent(next)}`);
    expect([res.status, res.headers.get('location')]).toEqual([303, next]);
    expect(res.headers.get('set-cookie')).toMatch(/^__Host-portal=/);
    expect(callsTo(deps, 'signIn.useLink')).toHaveLength(1);
  });

  it('goes there also for someone who has no password or passkey yet', async () => {
    const { res } = await useLink('?next=%2Fportal%2Ft%2Ftn_1%2Fwidget', { credentials: false });
    expect(res.headers.get('location')).toBe('/portal/t/tn_1/widget');
  });

  it.each([
    ['another site', 'https://evil.example/'],
    ['a protocol-relative URL', '//evil.example/portal/'],
    ['a backslash', '/portal/\\\\evil.example'],
    ['a climb out of the portal', '/portal/../admin/v1/tenants'],
    ['the JSON API', '/portal/api/me'],
  ])('ignores %s: signs in and goes to the usual page', async (_, next) => {
    const { res } = await useLink(`?next=${encodeURIComponent(next)}`);
    expect([res.status, res.headers.get('location')]).toEqual([303, '/portal/']);
    const { res: newcomer } = await useLink(`?next=${encodeURIComponent(next)}`, { credentials: false });
    expect(newcomer.headers.get('location')).toBe('/portal/account?welcome=1');
  });

  it('a dead link stays dead whatever next says: the dead-link page, no redirect', async () => {
    const { app } = testApp({
      signIn: {
        useLink: async () => {
          throw new ServiceError('link_invalid');
        },
      },
    });
    const res = await app.request(
      `/portal/links/${TOKEN}?next=${encodeURIComponent('/portal/t/tn_1')}`,
      requestInit('POST', { headers: { origin: PORTAL_ORIGIN } }),
    );
    expect([res.status, res.headers.get('location')]).toEqual([410, null]);
    expect(await res.text()).toContain('This link can no longer be used');
  });
});

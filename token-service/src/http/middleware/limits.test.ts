/**
 * The limits in the app, in memory: the per-IP request limit in front of every browser-facing route
 * (before the site lookup), per-route limits, and which RateLimit headers an answer shows.
 */
import { describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.js';
import { testApp } from '../testing/client.js';
import { ADMIN, callsTo, IDS, ORIGIN, STRANGER, TEST_IP_HEADER, VISITOR } from '../testing/fakes.js';

const CONFIG = `/v1/sites/${IDS.siteKey}/config`;
const MESSAGES = `/v1/sites/${IDS.siteKey}/conversations/${IDS.conversation}/messages`;
const ip = (address: string, more: Record<string, string> = {}) => ({ headers: { [TEST_IP_HEADER]: address, ...more } });

describe('requests per IP', () => {
  it('shows its RateLimit headers on an answer', async () => {
    const res = await testApp({ limits: { requestsPerIpPerMinute: 5 } }).call('GET', CONFIG, ip('203.0.113.1'));
    expect([
      res.headers.get('ratelimit-limit'),
      res.headers.get('ratelimit-remaining'),
      res.headers.get('ratelimit-reset'),
    ]).toEqual(['5', '4', '60']);
  });

  // Check: limit-requests-per-ip (http/middleware/site.ts siteGate counts every browser-facing request).
  it('answers 429 rate_limited past the limit, with Retry-After, RateLimit headers and retryAfter', async () => {
    const { call } = testApp({ limits: { requestsPerIpPerMinute: 2 } });
    for (let i = 0; i < 2; i++) await call('GET', CONFIG, ip('203.0.113.1'));
    const res = await call('GET', CONFIG, ip('203.0.113.1'));
    expect([res.status, res.body.error.code]).toEqual([429, 'rate_limited']);
    expect(res.headers.get('retry-after')).toBe(String(res.body.error.retryAfter));
    expect([res.headers.get('ratelimit-limit'), res.headers.get('ratelimit-remaining')]).toEqual(['2', '0']);
    expect(Number(res.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
  });

  it('counts each client IP on its own', async () => {
    const { call } = testApp({ limits: { requestsPerIpPerMinute: 1 } });
    await call('GET', CONFIG, ip('203.0.113.1'));
    expect((await call('GET', CONFIG, ip('203.0.113.1'))).status).toBe(429);
    expect((await call('GET', CONFIG, ip('203.0.113.2'))).status).toBe(200);
  });

  // Check: limit-requests-per-ip-first (http/middleware/site.ts siteGate: the count comes before the site lookup).
  it('runs before the site lookup: past the limit, random site keys cause no lookup', async () => {
    const { call, deps } = testApp({ limits: { requestsPerIpPerMinute: 3 } });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push((await call('POST', `/v1/sites/${newId('siteKey')}/sessions`, ip('203.0.113.1'))).status);
    expect(statuses).toEqual([404, 404, 404, 429, 429, 429, 429, 429, 429, 429]);
    expect(callsTo(deps, 'sites.resolve')).toHaveLength(3);
  });

  it('counts requests to paths no route serves', async () => {
    const { call } = testApp({ limits: { requestsPerIpPerMinute: 1 } });
    await call('GET', `/v1/sites/${IDS.siteKey}/nothing-here`, ip('203.0.113.1'));
    expect((await call('GET', CONFIG, ip('203.0.113.1'))).status).toBe(429);
  });

  // Check: cors-no-wildcard-429 (http/middleware/site.ts corsHeaders: the exact origin on the 429 too).
  it('gives its 429 the CORS headers when the site is already cached and the origin allowed', async () => {
    const { call, deps } = testApp({ limits: { requestsPerIpPerMinute: 1 } });
    await call('GET', CONFIG, ip('203.0.113.1'));
    const res = await call('GET', CONFIG, ip('203.0.113.1', { origin: ORIGIN }));
    expect(res.status).toBe(429);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect(res.headers.get('vary')).toBe('Origin');
    expect(callsTo(deps, 'sites.peek').map((c) => c.args)).toEqual([[IDS.siteKey]]);
    expect(callsTo(deps, 'sites.resolve')).toHaveLength(1);
  });

  // Check: cors-429-allowed-only (http/middleware/site.ts countRequest: CORS on the 429 only for an allowed origin).
  it('gives its 429 no CORS header for an origin the site does not allow', async () => {
    const { call } = testApp({ limits: { requestsPerIpPerMinute: 1 } });
    await call('GET', CONFIG, ip('203.0.113.1'));
    const res = await call('GET', CONFIG, ip('203.0.113.1', { origin: STRANGER }));
    expect([res.status, res.headers.get('access-control-allow-origin')]).toEqual([429, null]);
  });

  it('gives its 429 no CORS header for a site that is not cached', async () => {
    const { call } = testApp({ limits: { requestsPerIpPerMinute: 1 }, sites: { peek: () => undefined } });
    await call('GET', CONFIG, ip('203.0.113.1'));
    const res = await call('GET', CONFIG, ip('203.0.113.1', { origin: ORIGIN }));
    expect([res.status, res.headers.get('access-control-allow-origin')]).toEqual([429, null]);
  });

  it('does not guard routes outside /v1/sites', async () => {
    const { call } = testApp({ limits: { requestsPerIpPerMinute: 1 } });
    await call('GET', CONFIG, ip('203.0.113.1'));
    expect((await call('GET', '/healthz', ip('203.0.113.1'))).status).toBe(200);
    expect((await call('GET', '/admin/v1/tenants', ip('203.0.113.1', ADMIN))).status).toBe(200);
  });
});

describe('which limit an answer shows', () => {
  it('shows the limit closest to being reached (messages per visitor over requests per IP)', async () => {
    const res = await testApp({ limits: { messagesPerVisitorPerMinute: 4 } }).call('POST', MESSAGES, {
      headers: VISITOR,
      json: { text: 'hi' },
    });
    expect([res.headers.get('ratelimit-limit'), res.headers.get('ratelimit-remaining')]).toEqual(['4', '3']);
  });

  it('keeps the per-IP limit when it is the closer one', async () => {
    const { call } = testApp({ limits: { requestsPerIpPerMinute: 3, messagesPerVisitorPerMinute: 20 } });
    await call('GET', CONFIG);
    const res = await call('POST', MESSAGES, { headers: VISITOR, json: { text: 'hi' } });
    expect([res.headers.get('ratelimit-limit'), res.headers.get('ratelimit-remaining')]).toEqual(['3', '1']);
  });
});

/** createIpResolver: the socket's peer; X-Forwarded-For only from a trusted proxy, walked right to left. */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createIpResolver } from './client-ip.js';

/** The IP the resolver gives for a request from `peer` (the socket's address) with these headers. */
async function ipOf(trustProxy: string[], peer: string | null, xff?: string) {
  const resolve = createIpResolver(trustProxy);
  const app = new Hono();
  app.get('/', (c) => c.text(resolve(c)));
  const env =
    peer === null ? undefined : { incoming: { socket: { remoteAddress: peer, remotePort: 40000, remoteFamily: 'IPv4' } } };
  const res = await app.request('/', xff === undefined ? {} : { headers: { 'x-forwarded-for': xff } }, env);
  return res.text();
}

describe('without TRUST_PROXY', () => {
  it("is the socket's peer", async () => {
    expect(await ipOf([], '203.0.113.5')).toBe('203.0.113.5');
  });

  // Check: xff-only-with-trust-proxy (http/client-ip.ts: X-Forwarded-For only from a trusted proxy).
  it('never reads X-Forwarded-For', async () => {
    expect(await ipOf([], '203.0.113.5', '198.51.100.1')).toBe('203.0.113.5');
  });

  it('gives an IPv4-mapped IPv6 peer as IPv4, so one client has one key', async () => {
    expect(await ipOf([], '::ffff:203.0.113.5')).toBe('203.0.113.5');
  });

  it('is "unknown" without a socket (an in-process request)', async () => {
    expect(await ipOf([], null)).toBe('unknown');
  });
});

describe('with TRUST_PROXY', () => {
  const PROXY = '10.0.0.2';

  it('takes the address the trusted proxy saw', async () => {
    expect(await ipOf([PROXY], PROXY, '198.51.100.1')).toBe('198.51.100.1');
  });

  // Check: xff-rightmost-untrusted (http/client-ip.ts: the rightmost untrusted hop).
  it('walks right to left: a client cannot choose its address by prepending one', async () => {
    expect(await ipOf([PROXY], PROXY, '1.2.3.4, 198.51.100.1')).toBe('198.51.100.1');
  });

  it('walks past every trusted hop, from CIDR entries too', async () => {
    expect(await ipOf(['10.0.0.0/8'], '10.0.0.2', '1.2.3.4, 198.51.100.1, 10.1.0.9, 10.0.0.7')).toBe('198.51.100.1');
  });

  it('gives the leftmost address when every hop is trusted', async () => {
    expect(await ipOf(['10.0.0.0/8'], '10.0.0.2', '10.9.9.9, 10.0.0.7')).toBe('10.9.9.9');
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    expect(await ipOf([PROXY], '203.0.113.5', '198.51.100.1')).toBe('203.0.113.5');
  });

  it('is the proxy itself when it sends no X-Forwarded-For', async () => {
    expect(await ipOf([PROXY], PROXY)).toBe(PROXY);
  });

  it.each(['not-an-ip', '198.51.100.1:8080', '<script>', '999.1.1.1'])(
    'trusts nothing beyond the proxy at a malformed hop (%s)',
    async (hop) => {
      expect(await ipOf([PROXY], PROXY, `1.2.3.4, ${hop}`)).toBe(PROXY);
    },
  );

  it('skips empty hops', async () => {
    expect(await ipOf([PROXY], PROXY, '198.51.100.1, ,')).toBe('198.51.100.1');
  });

  it('handles IPv6 proxies and clients', async () => {
    expect(await ipOf(['fd00::/8'], 'fd00::2', '2001:db8::7, fd00::9')).toBe('2001:db8::7');
  });

  it('normalises an IPv4-mapped hop', async () => {
    expect(await ipOf([PROXY], `::ffff:${PROXY}`, '::ffff:198.51.100.1')).toBe('198.51.100.1');
  });
});

/**
 * The client's IP address, for rate limits: the socket's peer, unless that peer is a configured
 * trusted proxy, in which case X-Forwarded-For is walked from the right past trusted proxies and
 * the first untrusted address is the client. Without TRUST_PROXY the header is never read: anyone
 * can send it.
 */
import { BlockList, isIP } from 'node:net';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

export type IpResolver = (c: Context) => string;

function familyOf(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 6 ? 'ipv6' : 'ipv4';
}

/** Normalise IPv4-mapped IPv6 (`::ffff:1.2.3.4`) so one client has one key. */
function normalise(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

export function trustList(entries: string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, bits] = entry.split('/') as [string, string | undefined];
    if (bits === undefined) list.addAddress(address, familyOf(address));
    else list.addSubnet(address, Number(bits), familyOf(address));
  }
  return list;
}

export function createIpResolver(trustProxy: string[]): IpResolver {
  const trusted = trustProxy.length > 0 ? trustList(trustProxy) : null;
  const isTrusted = (address: string) => trusted !== null && isIP(address) !== 0 && trusted.check(address, familyOf(address));
  return (c) => {
    let peer: string;
    try {
      peer = normalise(getConnInfo(c).remote.address ?? 'unknown');
    } catch {
      peer = 'unknown'; // in-process requests (app.request) have no socket
    }
    if (!isTrusted(peer)) return peer; // check: xff-only-with-trust-proxy
    const forwarded = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => normalise(s.trim()))
      .filter(Boolean);
    for (let i = forwarded.length - 1; i >= 0; i--) {
      const hop = forwarded[i]!;
      if (isIP(hop) === 0) return peer; // a malformed hop: trust nothing beyond the proxy itself
      if (!isTrusted(hop)) return hop; // check: xff-rightmost-untrusted
    }
    return forwarded[0] ?? peer;
  };
}

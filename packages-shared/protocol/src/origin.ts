/**
 * Web origins as the browser sends them in the `Origin` header: `scheme://host[:port]`, lower case,
 * default port omitted. Allow-list entries are normalised to that form so matching can be exact.
 */
import { z } from 'zod';

/** The serialized origin of `value`, or null when it is not a bare http(s) origin. */
export function normalizeOrigin(value: string): string | null {
  if (!/^https?:\/\/[^/?#@\s]+\/?$/i.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.username || url.password) return null;
  // WHATWG URLs accept hosts such as `*.shop.example` or `shop_1.example`; no browser sends those.
  if (!HOST.test(url.hostname)) return null; // check: origin-host-plausible
  return url.origin;
}

/** A DNS name (letters, digits, hyphens; punycode for the rest) or an IP literal. */
const HOST = /^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)$/;

export const Origin = z
  .string()
  .max(300)
  .transform((v, ctx) => {
    const origin = normalizeOrigin(v);
    if (origin === null) {
      const message = v.includes('*')
        ? 'wildcards are not supported: list each origin, e.g. https://shop.example and https://www.shop.example'
        : 'must be an origin like https://shop.example (no path)';
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return origin;
  });

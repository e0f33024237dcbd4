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
  return url.origin;
}

export const Origin = z
  .string()
  .max(300)
  .transform((v, ctx) => {
    const origin = normalizeOrigin(v);
    if (origin === null) {
      ctx.addIssue({ code: 'custom', message: 'must be an origin like https://shop.example (no path)' });
      return z.NEVER;
    }
    return origin;
  });

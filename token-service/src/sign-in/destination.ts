/**
 * Where a sign-in link may send the person it signs in (`?next=` on the link): a page of the
 * portal app on this origin, and nothing else. A partner's product that opens the portal for a
 * customer (their widget settings, say) adds it to the one-use link it got from the admin API; a
 * `next` that names another site, a protocol-relative `//host`, a path that climbs out of /portal/
 * or one of the service's own non-page paths is ignored, never followed: no open redirect.
 */

/** Paths under /portal/ that the service answers itself: not pages of the app to land on. */
const SERVICE_PATHS = /^\/portal\/(api|assets|brand|links)(\/|$)/;
/** A stand-in origin: a `next` that resolves anywhere else named a host of its own. */
const HERE = 'http://portal.invalid';
const MAX_LENGTH = 2048;

/** The portal path (with its query) to go to after signing in, or null when `next` is not one. */
export function portalDestination(next: string | null | undefined): string | null {
  if (!next || next.length > MAX_LENGTH || !next.startsWith('/portal/')) return null;
  // Browsers read a backslash as a slash and drop tabs and newlines: refuse them rather than guess.
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return null;
  let url: URL;
  try {
    url = new URL(next, HERE);
  } catch {
    return null;
  }
  // Resolving also undoes `..` and `%2e%2e` segments: what is checked is where the browser would go.
  if (url.origin !== HERE || !url.pathname.startsWith('/portal/') || SERVICE_PATHS.test(url.pathname)) return null;
  return url.pathname + url.search;
}

/**
 * Lumen Analytics' own product, as its docs site plays it (demo/sites/docs/account.html): a
 * customer's backend with signed-in users. Its server signs a Tessera identity token for the user
 * it has signed in (docs/identity.md), the way docs/identity/sign-token.mjs does, with the site's
 * identity secret; the secret stays in this server (seed.ts keeps it in the data directory), the
 * page only ever gets tokens, and hands them to `Tessera.identify()`.
 */
import { createHmac } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/** The product's users the account page can sign in as. `id` is the token's `sub`: stable, not an email. */
export const DEMO_USERS = {
  ada: { id: 'lumen-user-1815', name: 'Ada Lovelace', email: 'ada@lumen.example' },
  grace: { id: 'lumen-user-1906', name: 'Grace Hopper', email: 'grace@lumen.example' },
} as const;
export type DemoUserKey = keyof typeof DEMO_USERS;

/**
 * The product's own session, reduced to a cookie that names the signed-in demo user (a real product
 * keeps a session id here). It is the customer's, not Tessera's: sign-out clears it.
 */
export const USER_COOKIE = 'lumen_user';

/** What the server needs to sign: the site's identity secret and its site key (the token's `aud`). */
export interface IdentitySigner {
  secret: string;
  siteKey: string;
}

/** docs/identity/sign-token.mjs's signIdentityToken: HS256 with the secret's text as the key, 5 minutes. */
export function signIdentityToken(opts: {
  secret: string;
  siteKey: string;
  userId: string;
  name?: string;
  email?: string;
}): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'HS256', typ: 'JWT' };
  const claims: Record<string, string | number> = { sub: opts.userId, aud: opts.siteKey, iat: now, exp: now + 300 };
  if (opts.name) claims.name = opts.name;
  if (opts.email) claims.email = opts.email;
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const unsigned = `${encode(header)}.${encode(claims)}`;
  // The secret is used as it is shown (its text), not decoded.
  const signature = createHmac('sha256', opts.secret).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

const isUser = (key: unknown): key is DemoUserKey => typeof key === 'string' && Object.hasOwn(DEMO_USERS, key);

/**
 * The product's API on the site's own origin: sign in as a demo user, sign out, and a fresh
 * identity token for whoever is signed in (`{ user, token }`, both null when nobody is).
 */
export function accountRoutes(app: Hono, signer: () => IdentitySigner | null) {
  const answer = (c: Context, key: DemoUserKey | null) => {
    const identity = signer();
    if (!identity) return c.json({ error: 'The demo has not set up signed-in visitors yet.' }, 503);
    const headers = { 'cache-control': 'no-store' };
    if (!key) return c.json({ user: null, token: null }, 200, headers);
    const { id, name, email } = DEMO_USERS[key];
    const token = signIdentityToken({ ...identity, userId: id, name, email });
    return c.json({ user: { key, name, email }, token }, 200, headers);
  };

  app.get('/api/identity-token', (c) => {
    const key = getCookie(c, USER_COOKIE);
    return answer(c, isUser(key) ? key : null);
  });
  // JSON only: a form on another site cannot post JSON without the browser asking first (CORS).
  app.post('/api/sign-in', async (c) => {
    if (!c.req.header('content-type')?.startsWith('application/json')) return c.json({ error: 'Send JSON.' }, 415);
    const body: unknown = await c.req.json().catch(() => null);
    const key = (body as { user?: unknown } | null)?.user;
    if (!isUser(key)) return c.json({ error: `user must be one of ${Object.keys(DEMO_USERS).join(', ')}` }, 400);
    setCookie(c, USER_COOKIE, key, { path: '/', httpOnly: true, sameSite: 'Lax' });
    return answer(c, key);
  });
  app.post('/api/sign-out', (c) => {
    deleteCookie(c, USER_COOKIE, { path: '/' });
    return answer(c, null);
  });
}

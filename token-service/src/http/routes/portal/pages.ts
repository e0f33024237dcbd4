/**
 * What the portal serves that is not its JSON API: the app itself (index.html for every page, its
 * hashed assets), the brand's images and stylesheet, and the pages invite and sign-in links open.
 *
 * A link's page (GET) only shows one button; the POST from that page (same URL) uses the link up
 * and signs in (303 to /portal/, or to the portal page a `?next=` on the link names: see
 * sign-in/destination.ts). Mail scanners and link previews fetch links with GET, so they never
 * burn one. Every page is sent under a strict CSP: nothing inline, nothing from another host.
 */
import { BRAND_IMAGE_SLOTS, type Brand } from '@tessera/protocol';
import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { ServiceError } from '../../../errors.js';
import { portalDestination } from '../../../sign-in/destination.js';
import type { AppDeps, AppEnv } from '../../context.js';
import { sessionCookie } from '../../middleware/portal.js';
import { answer } from '../../response.js';
import { current } from './sign-in.js';
import { type AnswerSpec, mount, type RouteSpec, route } from '../../spec.js';

export const PORTAL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * `same-origin`, not the service's usual `no-referrer`: under no-referrer a browser sends
 * `Origin: null` with a form's POST, and the CSRF check needs the real origin (Fetch standard,
 * "append a request Origin header"). Nothing leaves for another site either way.
 */
const PAGE_HEADERS = {
  'content-security-policy': PORTAL_CSP,
  'referrer-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

const htmlPage: AnswerSpec = { description: 'An HTML page', contentType: 'text/html' };
const TAG = 'Portal: pages';

export const linkPage = route({
  id: 'linkPage',
  method: 'get',
  path: '/portal/links/{token}',
  tag: TAG,
  summary: 'The page an invite or sign-in link opens: one button that signs in (the link is not used yet)',
  auth: 'none',
  answers: { 200: htmlPage, 410: { description: 'The link has expired or was used', contentType: 'text/html' } },
  errors: [],
});

export const useLink = route({
  id: 'useLink',
  method: 'post',
  path: '/portal/links/{token}',
  tag: TAG,
  summary: "The link page's button: uses the link up, signs in, 303 to /portal/",
  auth: 'none',
  answers: {
    303: { description: 'Signed in: on to the portal', contentType: 'text/plain' },
    410: { description: 'The link has expired or was used', contentType: 'text/html' },
  },
  errors: [],
});

export const brandStylesheet = route({
  id: 'brandStylesheet',
  method: 'get',
  path: '/portal/brand.css',
  tag: TAG,
  summary: "The brand's accent color as CSS custom properties (pages cannot carry inline styles under the CSP)",
  auth: 'none',
  answers: { 200: { description: 'A stylesheet', contentType: 'text/css' } },
  errors: [],
});

export const brandImage = route({
  id: 'brandImage',
  method: 'get',
  path: '/portal/brand/{slot}',
  tag: TAG,
  summary: 'A brand image (logo, favicon) as uploaded',
  auth: 'none',
  answers: { 200: { description: 'The image', contentType: 'image/png' } },
  errors: ['not_found'],
});

export const portalAsset = route({
  id: 'portalAsset',
  method: 'get',
  path: '/portal/assets/{name}',
  tag: TAG,
  summary: "A file of the portal's build (hashed name, cached for a year)",
  auth: 'none',
  answers: { 200: { description: 'The file', contentType: 'text/javascript' } },
  errors: ['not_found'],
});

export const PAGE_ROUTES: RouteSpec[] = [linkPage, useLink, brandStylesheet, brandImage, portalAsset];

/** A brand's accent color, checked again before it goes into CSS. */
const accentOf = (brand: { accentColor: string }) =>
  /^#[0-9a-fA-F]{6}$/.test(brand.accentColor) ? brand.accentColor : '#2563eb';

const LINK_CSS = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: Canvas; color: CanvasText; }
main { max-inline-size: 26rem; padding: 2rem 1.5rem; text-align: center; }
img { max-block-size: 3rem; max-inline-size: 12rem; }
h1 { font-size: 1.4rem; margin: 1rem 0 .5rem; }
p { line-height: 1.5; }
button, a.button { font: inherit; font-weight: 600; padding: .75rem 1.5rem; border-radius: .5rem; border: 0; cursor: pointer;
  background: var(--brand-accent-strong); color: #fff; text-decoration: none; display: inline-block; min-block-size: 44px; }
button:focus-visible, a:focus-visible { outline: 3px solid var(--brand-accent-strong); outline-offset: 3px; }
.muted { opacity: .8; font-size: .9rem; }
`;

/** A darker shade of the accent when white text on it would fall under 4.5:1 (WCAG AA). */
export function strongAccent(hex: string): string {
  const channel = (i: number) => Number.parseInt(hex.slice(i, i + 2), 16);
  let [r, g, b] = [channel(1), channel(3), channel(5)];
  const lum = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const contrast = () => 1.05 / (0.2126 * lum(r) + 0.7152 * lum(g) + 0.0722 * lum(b) + 0.05);
  while (contrast() < 4.5) [r, g, b] = [r * 0.9, g * 0.9, b * 0.9];
  return `#${[r, g, b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
}

export function portalPageRoutes(app: Hono<AppEnv>, deps: AppDeps) {
  const { brand, signIn } = deps;

  const page = async (c: Context<AppEnv>, status: number, body: (b: typeof Brand._output) => ReturnType<typeof html>) => {
    const b = await brand.get();
    const doc = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${b.productName}</title>
${b.images.favicon ? html`<link rel="icon" href="${b.images.favicon}">` : html`<link rel="icon" href="data:,">`}
<link rel="stylesheet" href="/portal/brand.css?v=${b.updatedAt}">
</head>
<body><main>
${b.images.logoLight ? html`<img src="${b.images.logoLight}" alt="${b.productName}">` : ''}
${body(b)}
</main></body>
</html>`;
    return answer(c, String(await doc), status, { ...PAGE_HEADERS, 'content-type': 'text/html; charset=utf-8' });
  };

  const deadLink = (c: Context<AppEnv>) =>
    page(
      c,
      410,
      (b) => html`<h1>This link can no longer be used</h1>
<p>It has expired or was already used. Ask for a new one, or sign in another way.</p>
<p><a class="button" href="/portal/sign-in">Sign in to ${b.productName}</a></p>`,
    );

  mount(app, linkPage, async (c) => {
    const link = await signIn.peekLink(c.req.param('token') ?? '');
    if (!link) return deadLink(c);
    return page(
      c,
      200,
      (b) => html`<h1>${link.purpose === 'invite' ? `Welcome to ${b.productName}` : `Sign in to ${b.productName}`}</h1>
<p>You are signing in as <strong>${link.email}</strong>.</p>
<form method="post"><button type="submit">${link.purpose === 'invite' ? 'Accept and sign in' : 'Sign in'}</button></form>
<p class="muted">This link works once.</p>`,
    );
  });

  mount(app, useLink, async (c) => {
    let opened: Awaited<ReturnType<typeof signIn.useLink>>;
    try {
      opened = await signIn.useLink(c.req.param('token') ?? '', current(c));
    } catch (err) {
      if (err instanceof ServiceError && err.code === 'link_invalid') return deadLink(c);
      throw err;
    }
    c.set('principal', opened.principal);
    // The page the link was made for (the form posts to the link's own URL, query included). Without
    // one, someone with no password and no passkey yet goes on to set one up.
    const me = await signIn.me(opened.principal);
    const next =
      portalDestination(c.req.query('next')) ??
      (me.credentials.password || me.credentials.passkeys > 0 ? '/portal/' : '/portal/account?welcome=1');
    return answer(c, null, 303, {
      location: next,
      'set-cookie': sessionCookie(opened.cookie, deps.config.portal.sessionMaxSeconds),
      'cache-control': 'no-store',
    });
  });

  mount(app, brandStylesheet, async (c) => {
    const accent = accentOf(await brand.get());
    const css = `:root{--brand-accent:${accent};--brand-accent-strong:${strongAccent(accent)}}\n${LINK_CSS}`;
    return answer(c, css, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-cache' });
  });

  mount(app, brandImage, async (c) => {
    const slot = c.req.param('slot') ?? '';
    const image = (BRAND_IMAGE_SLOTS as readonly string[]).includes(slot) ? await brand.image(slot) : null;
    if (!image) throw new ServiceError('not_found');
    return answer(c, image.bytes, 200, {
      'content-type': image.contentType,
      'cache-control': c.req.query('v') ? 'public, max-age=31536000, immutable' : 'no-cache',
      'cross-origin-resource-policy': 'same-origin',
      'content-security-policy': "default-src 'none'; sandbox",
    });
  });

  const files = deps.portalFiles;
  mount(app, portalAsset, async (c) => {
    const file = files ? await files.asset(c.req.param('name') ?? '') : null;
    if (!file) throw new ServiceError('not_found');
    return answer(c, file.bytes, 200, {
      'content-type': file.type,
      'cache-control': 'public, max-age=31536000, immutable',
      'cross-origin-resource-policy': 'same-origin',
    });
  });

  const index = async (c: Context<AppEnv>) => {
    // The API, assets, brand files and links have routes of their own: a miss there is a 404, not the app.
    if (/^\/portal\/(api|assets|brand|links)(\/|$)/.test(c.req.path)) throw new ServiceError('not_found');
    const file = files ? await files.index() : null;
    if (!file)
      throw new ServiceError('service_unavailable', {
        message: 'The portal is not built (pnpm --filter @tessera/portal build).',
      });
    return answer(c, file.bytes, 200, { ...PAGE_HEADERS, 'content-type': file.type, 'cache-control': 'no-cache' });
  };
  app.get('/portal', (c) => answer(c, null, 308, { location: '/portal/' }));
  app.get('/portal/', index);
  // The app's shell: every page below /portal/ (the app routes in the browser).
  app.get('/portal/*', index);
}

/**
 * referenceRoutes(): the human-readable API reference, a Hono sub-app to mount at `/reference`. It
 * serves one HTML page that runs Swagger UI (swagger-ui-dist's prebuilt bundle, from this service,
 * never from another host) on the service's own OpenAPI document, and the page's assets.
 *
 * Why Swagger UI, measured in Debian's Chromium under the page's CSP below (no 'unsafe-inline', no
 * 'unsafe-eval'): swagger-ui-dist 5.35 raised 0 violations, Try it out included, for 1.92 MB
 * (about 490 KB gzipped) of script and style, cached for a year. Redoc 3.0.1's standalone bundle raised 4
 * (styles injected at run time) and rendered nothing; Scalar 1.72.1's raised 8 (inline styles and
 * eval); both also declare Node >= 22. A page rendered here from the document would be ~30 KB, but
 * is a hand-written JSON Schema renderer without Try it out, where the library works as it is.
 */
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { etag } from 'hono/etag';
import { loadAssetSet } from './assets.js';
import { PAGE_CSP, renderPage } from './page.js';

export { PAGE_CSP } from './page.js';

export interface ReferenceOptions {
  /** A path on this origin, such as `/openapi.json`: the page may connect to its own origin only. */
  openapiUrl: string;
  /** The page's title. */
  title: string;
}

/** A year: asset URLs change whenever their content can (package version, hash of our files). */
const IMMUTABLE = 'public, max-age=31536000, immutable';

export function referenceRoutes(opts: ReferenceOptions): Hono {
  if (!opts.openapiUrl.startsWith('/') || opts.openapiUrl.startsWith('//')) {
    throw new TypeError(`referenceRoutes: openapiUrl must be a path on this origin, got ${JSON.stringify(opts.openapiUrl)}`);
  }
  const { version, assets } = loadAssetSet();
  const app = new Hono();

  // The bundle is 1.7 MB as a file and 460 KB gzipped; the service answers JSON uncompressed.
  app.use(compress());

  app.get('/', etag(), function referencePage(c) {
    // The mount path, as the browser asked for it; asset URLs are absolute so `/reference` (no
    // trailing slash) works, and a page mounted at `/` must not produce `//assets` (another host).
    const path = c.req.path.endsWith('/') ? c.req.path : `${c.req.path}/`;
    c.header('content-security-policy', PAGE_CSP);
    c.header('cache-control', 'no-cache');
    return c.html(renderPage({ title: opts.title, openapiUrl: opts.openapiUrl, assetBase: `${path}assets/${version}/` }));
  });

  // One route per file: any other name or version falls through to the app's 404.
  for (const asset of assets) {
    app.get(`/assets/${version}/${asset.name}`, async function referenceAsset(c) {
      const bytes = await asset.bytes();
      return c.body(bytes, 200, { 'content-type': asset.contentType, 'cache-control': IMMUTABLE });
    });
  }

  return app;
}

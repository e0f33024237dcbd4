/**
 * The reference page's HTML and its Content-Security-Policy. The page holds no inline script or
 * style: Swagger UI and our start script load as files, and the start script reads the document's
 * URL from a data attribute.
 */
import { html } from 'hono/html';
import { ASSET_NAMES } from './assets.js';

/**
 * Everything the page needs, nothing more. Swagger UI ran under exactly this policy in Chromium with
 * no violation (loading, every operation and schema expanded, the Authorize dialog, Try it out).
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  // swagger-ui.css draws its icons as data: SVG backgrounds.
  "img-src 'self' data:",
  // The OpenAPI document, and the requests Try it out sends.
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface PageOptions {
  title: string;
  openapiUrl: string;
  /** The absolute path of the versioned asset folder, ending in `/`. */
  assetBase: string;
}

/** hono/html escapes every interpolated value. */
export function renderPage({ title, openapiUrl, assetBase }: PageOptions) {
  const asset = (name: string) => `${assetBase}${name}`;
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title}</title>
    <link rel="icon" type="image/png" href="${asset(ASSET_NAMES.icon)}" />
    <link rel="stylesheet" href="${asset(ASSET_NAMES.style)}" />
    <link rel="stylesheet" href="${asset(ASSET_NAMES.theme)}" />
    <script src="${asset(ASSET_NAMES.script)}" defer></script>
    <script src="${asset(ASSET_NAMES.start)}" defer></script>
  </head>
  <body>
    <noscript>
      <p class="reference-noscript">This API reference needs JavaScript. The OpenAPI document is at <a href="${openapiUrl}">${openapiUrl}</a>.</p>
    </noscript>
    <div id="reference" data-openapi-url="${openapiUrl}"></div>
  </body>
</html>
`;
}

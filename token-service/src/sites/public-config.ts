/** What any browser may learn about a site (its public widget config), and the tag a customer pastes. */
import type { Wire } from '@tessera/protocol';
import type { SiteRecord } from './store.js';

export function publicConfig(site: SiteRecord): Wire.SiteConfig {
  return {
    siteKey: site.siteKey,
    title: site.title,
    subtitle: site.subtitle,
    greeting: site.greeting,
    starterPrompts: site.starterPrompts,
    locale: site.locale,
    theme: site.theme,
    translations: site.translations,
    identityRequired: site.identityRequired,
  };
}

/** The embed snippet; `publicUrl` is the configured public URL, never anything a request said. */
export function embedSnippet(publicUrl: string, siteKey: string): string {
  return `<script src="${publicUrl}/widget.js" data-site-key="${siteKey}" async></script>`;
}

/** Is `origin` (a browser's Origin header or a token's origin claim) on the site's allow-list? Exact match. */
export function isOriginAllowed(site: Pick<SiteRecord, 'allowedOrigins'>, origin: string | undefined): origin is string {
  return origin !== undefined && site.allowedOrigins.includes(origin); // check: origin-exact-match
}

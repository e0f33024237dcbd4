/** The public widget config of a site: what any browser may learn about it. */
import type { Wire } from '@tessera/protocol';
import type { SiteRecord } from '../store/sites.js';

export function publicConfig(site: SiteRecord): Wire.SiteConfig {
  return {
    siteKey: site.siteKey,
    title: site.title,
    greeting: site.greeting,
    starterPrompts: site.starterPrompts,
    locale: site.locale,
    theme: site.theme,
  };
}

export function embedSnippet(publicUrl: string, siteKey: string): string {
  return `<script src="${publicUrl}/widget.js" data-site-key="${siteKey}" async></script>`;
}

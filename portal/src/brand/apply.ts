/**
 * Puts the partner's brand on the page: the title, the favicon, the accent (as `--accent` and as
 * Shoelace's primary scale, readable in both color schemes) and the theme class for the scheme.
 * The only module that touches <head> and the root element.
 */
import type * as Wire from '@tessera/protocol/types';
import { primaryScale, type Scheme } from './color.js';

const darkQuery = matchMedia('(prefers-color-scheme: dark)');

export function colorScheme(): Scheme {
  return darkQuery.matches ? 'dark' : 'light';
}

/** Calls `listener` when the visitor's color scheme changes; returns the unsubscribe. */
export function onColorSchemeChange(listener: (scheme: Scheme) => void): () => void {
  const handler = () => listener(colorScheme());
  darkQuery.addEventListener('change', handler);
  return () => darkQuery.removeEventListener('change', handler);
}

export function applyBrand(brand: Wire.Brand, screenTitle?: string): void {
  const root = document.documentElement;
  const scheme = colorScheme();
  root.classList.toggle('sl-theme-dark', scheme === 'dark');
  root.classList.toggle('sl-theme-light', scheme === 'light');
  root.style.setProperty('--accent', brand.accentColor);
  for (const [step, value] of Object.entries(primaryScale(brand.accentColor, scheme))) {
    root.style.setProperty(`--sl-color-primary-${step}`, value);
  }
  document.title = screenTitle ? `${screenTitle} · ${brand.productName}` : brand.productName;
  setFavicon(brand.images.favicon);
}

function setFavicon(href: string | null): void {
  let link = document.head.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (!link) {
    link = document.createElement('link');
    link.rel = 'icon';
    document.head.append(link);
  }
  link.href = href ?? 'data:,';
}

/** The logo for the current scheme: the dark logo in dark mode when there is one, else the light one. */
export function logoFor(brand: Wire.Brand, scheme: Scheme = colorScheme()): string | null {
  return (
    (scheme === 'dark' ? (brand.images.logoDark ?? brand.images.logoLight) : (brand.images.logoLight ?? brand.images.logoDark)) ??
    null
  );
}

/** What the portal shows until (or if) /brand answers: neutral, naming no one. */
export const FALLBACK_BRAND: Wire.Brand = {
  productName: 'Portal',
  accentColor: '#2563eb',
  supportUrl: null,
  supportEmail: null,
  images: { logoLight: null, logoDark: null, favicon: null },
  updatedAt: 0,
};

/** The built-in icons as inline SVG templates (no image requests, nothing for CSP's img-src). */
import { svg, type SVGTemplateResult } from 'lit';

const icon = (body: SVGTemplateResult) =>
  svg`<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${body}</svg>`;

export const LAUNCHER_ICONS: Record<string, SVGTemplateResult> = {
  chat: icon(svg`<path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z"/>`),
  sparkle: icon(svg`<path d="M12 3l2 6 6 2-6 2-2 6-2-6-6-2 6-2z"/>`),
  help: icon(svg`<circle cx="12" cy="12" r="9"/><path d="M9.5 9a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6V14M12 17.5v.01"/>`),
  wave: icon(
    svg`<path d="M7 11V6.5a1.5 1.5 0 0 1 3 0V11m0-1V4.5a1.5 1.5 0 0 1 3 0V11m0-.5v-4a1.5 1.5 0 0 1 3 0V14a7 7 0 0 1-7 7c-2.5 0-4-1.2-5.3-3L4 14.5a1.6 1.6 0 0 1 2.6-1.8L7 13"/>`,
  ),
};

export const CLOSE = icon(svg`<path d="M6 6l12 12M18 6L6 18"/>`);
export const SEND = icon(svg`<path d="M5 12h13M13 6l6 6-6 6"/>`);
export const STOP = icon(svg`<rect x="7" y="7" width="10" height="10" rx="1.5" fill="currentColor"/>`);
export const NEW = icon(svg`<path d="M12 5v14M5 12h14"/>`);
/** Thumbs up; turned over (CSS) for thumbs down. */
export const THUMB = icon(svg`<path d="M7 21H4V10h3l4-8a3 3 0 0 1 3 3v4h5a2 2 0 0 1 2 2l-1 8a2 2 0 0 1-2 2H7z"/>`);

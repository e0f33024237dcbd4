/** The panel's icons as inline SVG templates (no image requests, nothing for CSP's img-src). */
import { svg, type SVGTemplateResult } from 'lit/html.js';
import { CLOSE_PATH } from './launcher-icons.js';

const icon = (body: SVGTemplateResult) =>
  svg`<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${body}</svg>`;

export const CLOSE = icon(svg`<path d=${CLOSE_PATH}/>`);
export const SEND = icon(svg`<path d="M5 12h13M13 6l6 6-6 6"/>`);
export const STOP = icon(svg`<rect x="7" y="7" width="10" height="10" rx="1.5" fill="currentColor"/>`);
export const NEW = icon(svg`<path d="M12 5v14M5 12h14"/>`);
/** Thumbs up; turned over (CSS) for thumbs down. */
export const THUMB = icon(svg`<path d="M7 21H4V10h3l4-8a3 3 0 0 1 3 3v4h5a2 2 0 0 1 2 2l-1 8a2 2 0 0 1-2 2H7z"/>`);
/** Copy (two sheets) and its confirmation (a tick). */
export const COPY = icon(svg`<rect x="9" y="9" width="11" height="11" rx="2"/><path d="M5 15V5a1 1 0 0 1 1-1h9"/>`);
export const CHECK = icon(svg`<path d="M5 12.5l4.5 4.5L19 7"/>`);
/** The end of a prompt card or a recent conversation ("go"); mirrored right to left by CSS. */
export const ARROW = icon(svg`<path d="M9 6l6 6-6 6"/>`);

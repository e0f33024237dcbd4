/** The brand kit's live preview: the portal's header and a primary button as they will look with the draft. */
import type * as Wire from '@tessera/protocol/types';
import { css, html } from 'lit';
import { contrast, parseHex, primaryScale } from '../../brand/color.js';

export interface BrandDraft {
  productName: string;
  accentColor: string;
}

/**
 * The draft accent as Shoelace's primary scale on the preview box. Set through the CSSOM after each
 * render: Lit's styleMap writes a style attribute on first render, which the CSP refuses.
 */
export function applyPreviewAccent(box: HTMLElement | null, accent: string): void {
  if (!box) return;
  const scale = primaryScale(parseHex(accent) ? accent : '#2563eb', 'light');
  for (const [step, value] of Object.entries(scale)) box.style.setProperty(`--sl-color-primary-${step}`, value);
}

export function brandPreview(draft: BrandDraft, images: Wire.Brand['images']) {
  const name = draft.productName.trim() || 'Your product';
  return html`<div class="preview">
    <div class="preview-header">
      ${images.logoLight ? html`<img src=${images.logoLight} alt="" />` : html`<strong>${name}</strong>`}
      <span class="preview-nav" aria-hidden="true"><span class="current">Customers</span><span>Brand kit</span></span>
    </div>
    <div class="preview-body">
      <p>Welcome to <strong>${name}</strong>. <a href="#preview" @click=${(e: Event) => e.preventDefault()}>A link</a></p>
      <span class="preview-button" aria-hidden="true">Sign in</span>
    </div>
    ${images.logoDark ? html`<div class="preview-dark"><img src=${images.logoDark} alt="" /></div>` : ''}
  </div>`;
}

/** A note when the accent had to be adjusted for readable text (WCAG 4.5:1 with white). */
export function contrastNote(accent: string) {
  const rgb = parseHex(accent);
  if (!rgb) return '';
  const ratio = contrast(rgb, [255, 255, 255]);
  if (ratio >= 4.5) return html`<p class="muted">White text on this color: ${ratio.toFixed(1)}:1 ✓</p>`;
  return html`<p class="muted">White text on this color is ${ratio.toFixed(1)}:1, under 4.5:1: buttons and links use
    ${primaryScale(accent, 'light')['600']} instead, which reads well.</p>`;
}

export const previewStyles = css`
  .preview {
    border: 1px solid var(--sl-color-neutral-200);
    border-radius: var(--sl-border-radius-large);
    overflow: hidden;
    background: var(--sl-color-neutral-0);
  }
  .preview-header {
    display: flex;
    align-items: center;
    gap: var(--sl-spacing-large);
    padding: var(--sl-spacing-small) var(--sl-spacing-medium);
    border-block-end: 1px solid var(--sl-color-neutral-200);
    flex-wrap: wrap;
  }
  .preview-header img {
    max-block-size: 2rem;
    max-inline-size: 10rem;
  }
  .preview-nav {
    display: flex;
    gap: var(--sl-spacing-small);
    font-size: var(--sl-font-size-small);
    font-weight: var(--sl-font-weight-semibold);
    color: var(--sl-color-neutral-700);
  }
  .preview-nav span {
    padding: 0.25rem 0.5rem;
    border-radius: var(--sl-border-radius-medium);
  }
  .preview-nav .current {
    background: var(--sl-color-primary-50);
    color: var(--sl-color-primary-700);
  }
  .preview-button {
    display: inline-block;
    padding: var(--sl-spacing-x-small) var(--sl-spacing-medium);
    border-radius: var(--sl-border-radius-medium);
    background: var(--sl-color-primary-600);
    color: var(--sl-color-neutral-0);
    font-size: var(--sl-font-size-small);
    font-weight: var(--sl-font-weight-semibold);
  }
  .preview-body {
    padding: var(--sl-spacing-large) var(--sl-spacing-medium);
  }
  .preview-dark {
    background: #1a1a1e;
    padding: var(--sl-spacing-small) var(--sl-spacing-medium);
  }
  .preview-dark img {
    max-block-size: 2rem;
  }
`;

/** The partner's logo for the current color scheme, or its product name when it has no logo. */
import type * as Wire from '@tessera/protocol/types';
import { html } from 'lit';
import { logoFor } from '../brand/apply.js';

export function brandMark(brand: Wire.Brand, { withName = false } = {}) {
  const logo = logoFor(brand);
  if (!logo) return html`<span class="brand-name">${brand.productName}</span>`;
  return html`<img class="brand-logo" src=${logo} alt=${withName ? '' : brand.productName} />${
    withName ? html`<span class="brand-name">${brand.productName}</span>` : ''
  }`;
}

/** The support link and address, when the brand has them. */
export function supportLinks(brand: Wire.Brand) {
  if (!brand.supportUrl && !brand.supportEmail) return '';
  return html`<span>Need help?</span>
    ${brand.supportUrl ? html`<a href=${brand.supportUrl} target="_blank" rel="noopener noreferrer">Support</a>` : ''}
    ${brand.supportEmail ? html`<a href="mailto:${brand.supportEmail}">${brand.supportEmail}</a>` : ''}`;
}

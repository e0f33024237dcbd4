/** A value to hand on (a site key, a snippet, an invite link): shown in full, with a copy button beside it. */
import '@shoelace-style/shoelace/dist/components/copy-button/copy-button.js';
import { css, html } from 'lit';

export function copyField(label: string, value: string, { block = false } = {}) {
  return html`<div class="copy-field">
    <span class="copy-label">${label}</span>
    <div class="copy-row">
      ${block ? html`<pre class="copy-value" tabindex="0">${value}</pre>` : html`<code class="copy-value">${value}</code>`}
      <sl-copy-button value=${value} copy-label="Copy ${label.toLowerCase()}" success-label="Copied" error-label="Could not copy"></sl-copy-button>
    </div>
  </div>`;
}

export const copyFieldStyles = css`
  .copy-field {
    display: grid;
    gap: var(--sl-spacing-2x-small);
    margin-block-end: var(--sl-spacing-medium);
  }
  .copy-label {
    font-size: var(--sl-font-size-small);
    font-weight: var(--sl-font-weight-semibold);
    color: var(--sl-color-neutral-700);
  }
  .copy-row {
    display: flex;
    align-items: flex-start;
    gap: var(--sl-spacing-x-small);
  }
  .copy-value {
    flex: 1;
    min-inline-size: 0;
    margin: 0;
    padding: var(--sl-spacing-x-small) var(--sl-spacing-small);
    background: var(--sl-color-neutral-100);
    border-radius: var(--sl-border-radius-medium);
    font-family: var(--sl-font-mono);
    font-size: var(--sl-font-size-small);
    overflow-wrap: anywhere;
    white-space: pre-wrap;
  }
  .copy-value:focus-visible {
    outline: var(--sl-focus-ring);
  }
`;

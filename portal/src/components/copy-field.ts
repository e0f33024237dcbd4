/** A value to hand on (a site key, a snippet, an invite link): shown in full, with a copy button beside it. */
import '@shoelace-style/shoelace/dist/components/button/button.js';
import { css, html } from 'lit';

/**
 * Shoelace's sl-copy-button names its button only by a tooltip, which is not an accessible name
 * (axe: button-name); a plain button that says what it copies, and says when it has.
 */
async function copy(e: Event, value: string) {
  const button = e.currentTarget as HTMLElement & { textContent: string };
  const status = button.nextElementSibling as HTMLElement;
  try {
    await navigator.clipboard.writeText(value);
    status.textContent = 'Copied';
  } catch {
    status.textContent = 'Could not copy: select the text and copy it';
  }
  setTimeout(() => (status.textContent = ''), 3000);
}

export function copyField(label: string, value: string, { block = false } = {}) {
  return html`<div class="copy-field">
    <span class="copy-label">${label}</span>
    <div class="copy-row">
      ${block ? html`<pre class="copy-value" tabindex="0">${value}</pre>` : html`<code class="copy-value">${value}</code>`}
      <sl-button size="small" @click=${(e: Event) => copy(e, value)}>Copy<span class="visually-hidden"> ${label.toLowerCase()}</span></sl-button>
      <span class="copy-status" role="status"></span>
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
  .copy-status {
    align-self: center;
    font-size: var(--sl-font-size-small);
    color: var(--sl-color-neutral-700);
  }
  .copy-status:empty {
    display: none;
  }
`;

/** The look of <portal-identity>: the key table, the shown-once secret, the key form and the two switches. */
import { css } from 'lit';

export const identityStyles = css`
  h3 {
    font-size: var(--sl-font-size-medium);
    margin: var(--sl-spacing-large) 0 var(--sl-spacing-x-small);
  }
  .intro {
    max-inline-size: 48rem;
  }
  .table-wrap,
  .form-actions,
  .new-secret,
  .key-form {
    margin-block-end: var(--sl-spacing-medium);
  }
  .kid {
    display: block;
    font-size: var(--sl-font-size-x-small);
    font-weight: var(--sl-font-weight-normal);
    color: var(--sl-color-neutral-700);
    white-space: nowrap;
  }
  .nowrap {
    white-space: nowrap;
  }
  td.action {
    text-align: end;
  }
  .new-secret {
    padding: var(--sl-spacing-medium);
    border: 1px solid var(--sl-color-warning-300);
    border-radius: var(--sl-border-radius-large);
  }
  .key-form {
    display: grid;
    gap: var(--sl-spacing-medium);
    max-inline-size: 44rem;
  }
  .mono-field::part(textarea) {
    font-family: var(--sl-font-mono);
    font-size: var(--sl-font-size-small);
  }
  .toggles {
    display: grid;
    gap: var(--sl-spacing-medium);
    margin-block-start: var(--sl-spacing-large);
  }
  .toggles .field-error {
    margin: 0;
  }
  sl-switch::part(form-control-help-text) {
    color: var(--sl-color-neutral-700);
  }
`;

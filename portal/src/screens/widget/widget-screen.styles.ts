import { css } from 'lit';

export const widgetStyles = css`
  .layout {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(0, 24rem);
    gap: var(--sl-spacing-x-large);
    align-items: start;
  }
  @media (max-width: 64rem) {
    .layout {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  .preview {
    position: sticky;
    inset-block-start: 5rem;
  }
  .preview h2 {
    margin-block-end: var(--sl-spacing-2x-small);
  }
  .preview .muted {
    font-size: var(--sl-font-size-small);
    margin-block-end: var(--sl-spacing-medium);
  }
  form {
    display: grid;
    gap: var(--sl-spacing-large);
  }
  fieldset {
    margin: 0;
    border: 1px solid var(--sl-color-neutral-200);
    border-radius: var(--sl-border-radius-large);
    background: var(--sl-color-neutral-0);
    padding: var(--sl-spacing-large);
    display: grid;
    gap: var(--sl-spacing-large);
    min-inline-size: 0;
  }
  legend {
    font-weight: var(--sl-font-weight-semibold);
    font-size: var(--sl-font-size-large);
    padding-inline: var(--sl-spacing-x-small);
  }
  .save-bar {
    position: sticky;
    inset-block-end: 0;
    z-index: 2;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--sl-spacing-small);
    padding: var(--sl-spacing-medium) var(--sl-spacing-large);
    background: var(--sl-color-neutral-0);
    border: 1px solid var(--sl-color-neutral-200);
    border-radius: var(--sl-border-radius-large);
    box-shadow: var(--sl-shadow-medium);
  }
  .save-bar .status {
    font-size: var(--sl-font-size-small);
    color: var(--sl-color-neutral-700);
  }
  .site-picker {
    min-inline-size: 14rem;
  }
`;

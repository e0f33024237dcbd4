import { css } from 'lit';

export const signInStyles = css`
  :host {
    display: grid;
    place-items: center;
    min-block-size: 100vh;
    padding: var(--sl-spacing-large) var(--sl-spacing-medium);
    box-sizing: border-box;
  }
  main {
    inline-size: 100%;
    max-inline-size: 26rem;
  }
  .panel {
    background: var(--sl-color-neutral-0);
    border: 1px solid var(--sl-color-neutral-200);
    border-radius: var(--sl-border-radius-x-large);
    padding: var(--sl-spacing-2x-large) var(--sl-spacing-x-large);
    box-shadow: var(--sl-shadow-medium);
  }
  .brand {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: var(--sl-spacing-small);
    margin-block-end: var(--sl-spacing-x-large);
    text-align: center;
  }
  .brand-logo {
    max-block-size: 3rem;
    max-inline-size: 14rem;
    object-fit: contain;
  }
  .brand-name {
    font-size: var(--sl-font-size-large);
    font-weight: var(--sl-font-weight-semibold);
    color: var(--sl-color-neutral-700);
  }
  h1 {
    text-align: center;
    font-size: var(--sl-font-size-x-large);
    margin-block-end: var(--sl-spacing-large);
  }
  .passkey {
    inline-size: 100%;
  }
  .or {
    display: flex;
    align-items: center;
    gap: var(--sl-spacing-small);
    margin-block: var(--sl-spacing-large);
    color: var(--sl-color-neutral-600);
    font-size: var(--sl-font-size-small);
  }
  .or::before,
  .or::after {
    content: '';
    flex: 1;
    border-block-start: 1px solid var(--sl-color-neutral-200);
  }
  form {
    display: grid;
    gap: var(--sl-spacing-medium);
  }
  form sl-button {
    inline-size: 100%;
  }
  footer {
    display: flex;
    flex-wrap: wrap;
    justify-content: center;
    gap: var(--sl-spacing-small) var(--sl-spacing-medium);
    margin-block-start: var(--sl-spacing-large);
    font-size: var(--sl-font-size-small);
    color: var(--sl-color-neutral-600);
  }
  .hint {
    margin-block-start: var(--sl-spacing-large);
    font-size: var(--sl-font-size-small);
    color: var(--sl-color-neutral-600);
    text-align: center;
  }
`;

import { css } from 'lit';

export const shellStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-block-size: 100vh;
  }
  .skip {
    position: absolute;
    inset-inline-start: var(--sl-spacing-small);
    inset-block-start: -4rem;
    z-index: 10;
    padding: var(--sl-spacing-x-small) var(--sl-spacing-small);
    background: var(--sl-color-neutral-0);
    color: var(--sl-color-primary-700);
    border-radius: var(--sl-border-radius-medium);
  }
  .skip:focus {
    inset-block-start: var(--sl-spacing-small);
    outline: var(--sl-focus-ring);
  }
  header {
    display: flex;
    align-items: center;
    gap: var(--sl-spacing-large);
    padding-inline: var(--sl-spacing-large);
    block-size: 3.75rem;
    background: var(--sl-color-neutral-0);
    border-block-end: 1px solid var(--sl-color-neutral-200);
    position: sticky;
    inset-block-start: 0;
    z-index: 5;
  }
  .home {
    display: flex;
    align-items: center;
    gap: var(--sl-spacing-small);
    color: inherit;
    text-decoration: none;
    flex: none;
    border-radius: var(--sl-border-radius-medium);
  }
  .home:focus-visible {
    outline: var(--sl-focus-ring);
    outline-offset: 2px;
  }
  .brand-logo {
    display: block;
    max-block-size: 2rem;
    max-inline-size: 10rem;
    object-fit: contain;
  }
  .brand-name {
    font-weight: var(--sl-font-weight-semibold);
    font-size: var(--sl-font-size-large);
  }
  nav.primary {
    flex: 1;
    min-inline-size: 0;
  }
  nav ul {
    display: flex;
    gap: var(--sl-spacing-2x-small);
    list-style: none;
    margin: 0;
    padding: 0;
  }
  nav a {
    display: block;
    padding: var(--sl-spacing-x-small) var(--sl-spacing-small);
    border-radius: var(--sl-border-radius-medium);
    color: var(--sl-color-neutral-700);
    text-decoration: none;
    font-size: var(--sl-font-size-small);
    font-weight: var(--sl-font-weight-semibold);
    white-space: nowrap;
  }
  nav a:hover {
    background: var(--sl-color-neutral-100);
    color: var(--sl-color-neutral-900);
  }
  nav a[aria-current='page'] {
    background: var(--sl-color-primary-50);
    color: var(--sl-color-primary-700);
  }
  nav a:focus-visible {
    outline: var(--sl-focus-ring);
    outline-offset: 1px;
  }
  .spacer {
    flex: 1;
  }
  .menu-button {
    display: none;
    font-size: 1.5rem;
  }
  .account-trigger::part(label) {
    max-inline-size: 14rem;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  main {
    flex: 1;
    inline-size: 100%;
    max-inline-size: 80rem;
    margin-inline: auto;
    padding: var(--sl-spacing-2x-large) var(--sl-spacing-large);
    box-sizing: border-box;
  }
  main:focus {
    outline: none;
  }
  footer {
    display: flex;
    flex-wrap: wrap;
    gap: var(--sl-spacing-medium);
    justify-content: center;
    padding: var(--sl-spacing-large);
    font-size: var(--sl-font-size-small);
    color: var(--sl-color-neutral-600);
    border-block-start: 1px solid var(--sl-color-neutral-200);
  }
  footer a {
    color: var(--sl-color-primary-700);
  }
  sl-drawer nav ul {
    flex-direction: column;
  }
  sl-drawer nav + nav {
    margin-block-start: var(--sl-spacing-medium);
  }
  .nav-label {
    margin: 0 0 var(--sl-spacing-2x-small);
    padding-inline: var(--sl-spacing-medium);
    font-size: var(--sl-font-size-x-small);
    font-weight: var(--sl-font-weight-semibold);
    text-transform: uppercase;
    letter-spacing: 0.05em;
    color: var(--sl-color-neutral-600);
  }
  .viewing-as {
    margin-block-end: var(--sl-spacing-large);
  }
  .viewing-as a {
    color: inherit;
    font-weight: var(--sl-font-weight-semibold);
  }
  sl-drawer nav a {
    font-size: var(--sl-font-size-medium);
    padding: var(--sl-spacing-small) var(--sl-spacing-medium);
  }
  .drawer-account {
    margin-block-start: var(--sl-spacing-large);
    padding-block-start: var(--sl-spacing-medium);
    border-block-start: 1px solid var(--sl-color-neutral-200);
    color: var(--sl-color-neutral-600);
    font-size: var(--sl-font-size-small);
    overflow-wrap: anywhere;
  }
  @media (max-width: 56rem) {
    nav.primary,
    .account {
      display: none;
    }
    .menu-button {
      display: inline-flex;
    }
    header {
      gap: var(--sl-spacing-small);
      padding-inline: var(--sl-spacing-small) var(--sl-spacing-medium);
    }
    main {
      padding: var(--sl-spacing-large) var(--sl-spacing-medium);
    }
  }
`;

import { css } from 'lit';

export const customersStyles = css`
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: var(--sl-spacing-small);
    align-items: center;
    margin-block-end: var(--sl-spacing-medium);
  }
  .toolbar sl-input {
    flex: 1 1 16rem;
    max-inline-size: 24rem;
  }
  th button {
    all: unset;
    cursor: pointer;
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
    border-radius: var(--sl-border-radius-small);
  }
  th button:focus-visible {
    outline: var(--sl-focus-ring);
    outline-offset: 2px;
  }
  th .arrow {
    inline-size: 0.75rem;
    color: var(--sl-color-neutral-500);
  }
  th[aria-sort] .arrow {
    color: var(--sl-color-primary-700);
  }
  tbody tr {
    cursor: pointer;
  }
  tbody tr:hover {
    background: var(--sl-color-neutral-50);
  }
  td a {
    font-weight: var(--sl-font-weight-semibold);
    text-decoration: none;
  }
  td a:hover {
    text-decoration: underline;
  }
  .usage {
    min-inline-size: 9rem;
  }
  /* A native <progress>: Shoelace's progress bar sets its width through a style attribute, which the CSP refuses. */
  .usage progress {
    display: block;
    inline-size: 100%;
    block-size: 6px;
    margin-block-start: 0.25rem;
    appearance: none;
    border: none;
    border-radius: 3px;
    overflow: hidden;
    background: var(--sl-color-neutral-200);
  }
  .usage progress::-webkit-progress-bar {
    background: var(--sl-color-neutral-200);
  }
  .usage progress::-webkit-progress-value {
    background: var(--sl-color-primary-600);
  }
  .usage progress::-moz-progress-bar {
    background: var(--sl-color-primary-600);
  }
  .usage.high progress::-webkit-progress-value {
    background: var(--sl-color-danger-600);
  }
  .usage.high progress::-moz-progress-bar {
    background: var(--sl-color-danger-600);
  }
  .sparkline {
    color: var(--sl-color-primary-600);
    display: block;
  }
  .pager {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    align-items: center;
    gap: var(--sl-spacing-small);
    margin-block-start: var(--sl-spacing-medium);
    font-size: var(--sl-font-size-small);
  }
  .pager .buttons {
    display: flex;
    align-items: center;
    gap: var(--sl-spacing-x-small);
  }
  .nowrap {
    white-space: nowrap;
  }
`;

/** Styles every screen shares: headings, cards, tables, form layout, status text. Logical properties only (RTL). */
import { css } from 'lit';

export const shared = css`
  :host {
    display: block;
  }
  [hidden] {
    display: none !important;
  }
  .visually-hidden {
    position: absolute !important;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  h1 {
    font-size: var(--sl-font-size-x-large);
    font-weight: var(--sl-font-weight-semibold);
    line-height: var(--sl-line-height-dense);
    margin: 0;
  }
  h1:focus {
    outline: none;
  }
  h2 {
    font-size: var(--sl-font-size-large);
    font-weight: var(--sl-font-weight-semibold);
    margin: 0 0 var(--sl-spacing-medium);
  }
  p {
    margin: 0 0 var(--sl-spacing-small);
    line-height: var(--sl-line-height-normal);
  }
  a {
    color: var(--sl-color-primary-700);
  }
  a:focus-visible {
    outline: var(--sl-focus-ring);
    outline-offset: 2px;
    border-radius: 2px;
  }
  code,
  .mono {
    font-family: var(--sl-font-mono);
    font-size: 0.9em;
    overflow-wrap: anywhere;
  }
  .page-header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--sl-spacing-medium);
    margin-block-end: var(--sl-spacing-large);
  }
  .page-header .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--sl-spacing-small);
  }
  .card {
    background: var(--sl-color-neutral-0);
    border: 1px solid var(--sl-color-neutral-200);
    border-radius: var(--sl-border-radius-large);
    padding: var(--sl-spacing-large);
    margin-block-end: var(--sl-spacing-large);
  }
  .spaced {
    margin-block-start: var(--sl-spacing-large);
  }
  .muted {
    color: var(--sl-color-neutral-600);
  }
  .field-error {
    color: var(--sl-color-danger-700);
  }
  sl-input.invalid::part(base),
  sl-textarea.invalid::part(base),
  sl-select.invalid::part(combobox) {
    border-color: var(--sl-color-danger-600);
  }
  .form {
    display: grid;
    gap: var(--sl-spacing-large);
    max-inline-size: 44rem;
  }
  .form-actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--sl-spacing-small);
    align-items: center;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--sl-spacing-small);
    align-items: flex-end;
  }
  .row > .grow {
    flex: 1 1 14rem;
  }
  .table-wrap {
    /* positioned, so that visually hidden text in a cell scrolls with the table, not the page */
    position: relative;
    overflow-x: auto;
    border: 1px solid var(--sl-color-neutral-200);
    border-radius: var(--sl-border-radius-large);
    background: var(--sl-color-neutral-0);
  }
  .table-wrap:focus-visible {
    outline: var(--sl-focus-ring);
  }
  table {
    border-collapse: collapse;
    inline-size: 100%;
    font-size: var(--sl-font-size-small);
  }
  th,
  td {
    text-align: start;
    padding: var(--sl-spacing-small) var(--sl-spacing-medium);
    border-block-end: 1px solid var(--sl-color-neutral-200);
    vertical-align: middle;
  }
  thead th {
    font-weight: var(--sl-font-weight-semibold);
    color: var(--sl-color-neutral-700);
    background: var(--sl-color-neutral-50);
    white-space: nowrap;
  }
  tbody tr:last-child > * {
    border-block-end: none;
  }
  .num {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  .empty {
    text-align: center;
    padding: var(--sl-spacing-2x-large) var(--sl-spacing-large);
    color: var(--sl-color-neutral-600);
  }
  sl-alert {
    margin-block-end: var(--sl-spacing-medium);
  }
  .read-only-note {
    padding: var(--sl-spacing-x-small) var(--sl-spacing-medium);
    border-inline-start: 3px solid var(--sl-color-neutral-400);
    background: var(--sl-color-neutral-100);
    border-radius: var(--sl-border-radius-small);
    color: var(--sl-color-neutral-700);
    font-size: var(--sl-font-size-small);
    margin-block-end: var(--sl-spacing-medium);
  }
  dl.facts {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: var(--sl-spacing-x-small) var(--sl-spacing-large);
    margin: 0;
  }
  dl.facts.spaced {
    margin-block-start: var(--sl-spacing-large);
  }
  dl.facts dt {
    color: var(--sl-color-neutral-600);
  }
  dl.facts dd {
    margin: 0;
    min-inline-size: 0;
  }
`;

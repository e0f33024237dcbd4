import { css } from 'lit';

export const inboxStyles = css`
  .filters {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 11rem), 1fr));
    gap: var(--sl-spacing-medium);
    align-items: end;
    margin-block-end: var(--sl-spacing-large);
  }
  .filters .search {
    grid-column: span 2;
  }
  @media (max-width: 40rem) {
    .filters .search {
      grid-column: auto;
    }
  }
  .export {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--sl-spacing-x-small);
  }
  .export .muted {
    font-size: var(--sl-font-size-small);
  }
  tbody tr {
    cursor: pointer;
  }
  tbody tr:hover > * {
    background: var(--sl-color-neutral-50);
  }
  .question {
    min-inline-size: 14rem;
    max-inline-size: 28rem;
  }
  .question a {
    display: -webkit-box;
    -webkit-line-clamp: 2;
    -webkit-box-orient: vertical;
    overflow: hidden;
  }
  .preview {
    display: block;
    max-inline-size: 16rem;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-size: var(--sl-font-size-x-small);
  }
  .nowrap {
    white-space: nowrap;
  }
  .visitor {
    max-inline-size: 14rem;
  }
  /* A signed-in user's name: looks like a link, filters the list to them. */
  .user-filter {
    all: unset;
    cursor: pointer;
    color: var(--sl-color-primary-700);
    font-weight: var(--sl-font-weight-semibold);
    /* break-word, not anywhere: a name keeps its width in the table's min-content sizing. */
    overflow-wrap: break-word;
  }
  .user-filter:hover {
    text-decoration: underline;
  }
  .user-filter:focus-visible {
    outline: var(--sl-focus-ring);
    outline-offset: var(--sl-focus-ring-offset);
    border-radius: var(--sl-border-radius-small);
  }
  .email {
    display: block;
    font-size: var(--sl-font-size-x-small);
    overflow-wrap: break-word;
  }
  .more {
    display: flex;
    justify-content: center;
    align-items: center;
    gap: var(--sl-spacing-small);
    margin-block-start: var(--sl-spacing-medium);
  }
`;

import { css } from 'lit';

export const homeStyles = css`
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    justify-content: space-between;
    gap: var(--sl-spacing-medium);
    margin-block-end: var(--sl-spacing-large);
  }
  .stats {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 9.5rem), 1fr));
    gap: var(--sl-spacing-medium);
    margin: 0 0 var(--sl-spacing-large);
    padding: 0;
    list-style: none;
  }
  .stat {
    background: var(--sl-color-neutral-0);
    border: 1px solid var(--sl-color-neutral-200);
    border-radius: var(--sl-border-radius-large);
    padding: var(--sl-spacing-medium) var(--sl-spacing-large);
    display: grid;
    gap: var(--sl-spacing-3x-small);
  }
  .stat-label {
    font-size: var(--sl-font-size-small);
    font-weight: var(--sl-font-weight-semibold);
    color: var(--sl-color-neutral-700);
  }
  .stat-value {
    font-size: var(--sl-font-size-2x-large);
    font-weight: var(--sl-font-weight-semibold);
    font-variant-numeric: tabular-nums;
    line-height: var(--sl-line-height-dense);
  }
  .stat-change {
    font-size: var(--sl-font-size-small);
    color: var(--sl-color-neutral-700);
  }
  .stat-change .arrow {
    font-weight: var(--sl-font-weight-semibold);
  }
  .toolbar p {
    margin: 0;
  }
  .filters {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: var(--sl-spacing-medium);
  }
  .group-h {
    font-size: var(--sl-font-size-medium);
    margin: 0 0 var(--sl-spacing-small);
  }
  .stat-note {
    font-size: var(--sl-font-size-small);
    font-weight: var(--sl-font-weight-semibold);
    color: var(--sl-color-neutral-700);
  }
  .chart-h {
    font-size: var(--sl-font-size-small);
    font-weight: var(--sl-font-weight-semibold);
    color: var(--sl-color-neutral-700);
    margin: var(--sl-spacing-large) 0 0;
  }
  .card + .card {
    margin-block-start: var(--sl-spacing-large);
  }
  .by-site {
    margin-block-start: var(--sl-spacing-medium);
  }
  .by-site tr.chosen {
    background: var(--sl-color-primary-50);
  }
  .quota progress {
    margin-block-start: var(--sl-spacing-2x-small);
    inline-size: 100%;
    block-size: 0.5rem;
    accent-color: var(--sl-color-primary-600);
  }
  .quota.low progress {
    accent-color: var(--sl-color-danger-600);
  }
  .chart-head {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: var(--sl-spacing-small);
  }
  .chart-head h2 {
    margin: 0;
  }
  portal-usage-chart {
    margin-block-start: var(--sl-spacing-medium);
  }
  .daily {
    margin-block-start: var(--sl-spacing-medium);
    max-block-size: 24rem;
    overflow-y: auto;
  }
  .daily tbody th {
    font-weight: var(--sl-font-weight-normal);
  }
  tfoot th,
  tfoot td {
    font-weight: var(--sl-font-weight-semibold);
    border-block-start: 1px solid var(--sl-color-neutral-300);
  }
  .nudge::part(message) {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--sl-spacing-small);
  }
`;

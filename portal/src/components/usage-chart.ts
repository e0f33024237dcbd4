/**
 * <portal-usage-chart>: counts per UTC day (sessions, conversations and messages by default; any of
 * the usage counts, given as `series`), drawn by uPlot (a small
 * canvas chart library). uPlot's stylesheet is a file of the build, fetched once (same origin) and
 * adopted by the shadow root as a constructable stylesheet, like the element's own styles: a
 * <link> in a shadow root works under the CSP too, but tools that read a page's CSS (axe-core)
 * copy such a sheet into an inline <style>, which the CSP then reports. uPlot itself sizes its
 * elements through the CSSOM. Colors
 * come from the theme's custom properties and are read again when the color scheme changes. The
 * canvas is an image with a summary for screen readers: the numbers are in the table beside it.
 */
import type * as Wire from '@tessera/protocol/types';
import { css, html, LitElement } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css?url';
import { number } from '../lib/format.js';

export interface ChartSeries {
  key: keyof Wire.UsageCounts;
  label: string;
  /** A theme custom property. */
  color: string;
  dash: readonly number[];
}

/** Each series has its color and its own dash, so they are told apart without color too. */
export const TRAFFIC_SERIES: readonly ChartSeries[] = [
  { key: 'messages', label: 'Visitor messages', color: '--sl-color-primary-600', dash: [] },
  { key: 'conversations', label: 'Conversations', color: '--sl-color-violet-600', dash: [6, 4] },
  { key: 'sessions', label: 'Sessions', color: '--sl-color-amber-600', dash: [2, 3] },
];
export const QUALITY_SERIES: readonly ChartSeries[] = [
  { key: 'answersCompleted', label: 'Answers completed', color: '--sl-color-success-600', dash: [] },
  { key: 'answersFailed', label: 'Failed or interrupted', color: '--sl-color-danger-600', dash: [6, 4] },
  { key: 'thumbsUp', label: 'Thumbs up', color: '--sl-color-primary-600', dash: [2, 3] },
  { key: 'thumbsDown', label: 'Thumbs down', color: '--sl-color-amber-600', dash: [10, 3, 2, 3] },
];

const HEIGHT = 260;
let uplotSheet: Promise<CSSStyleSheet> | null = null;

/** uPlot's stylesheet, fetched and parsed once per page. */
function uplotStyles(): Promise<CSSStyleSheet> {
  uplotSheet ??= fetch(uplotCss)
    .then((res) => res.text())
    .then((text) => new CSSStyleSheet().replace(text));
  return uplotSheet;
}
const DAY = 86_400;
/** Tick steps: whole days on x, whole numbers on y (counts have no fractions). */
const DAY_STEPS = [1, 2, 3, 7, 14, 30].map((n) => n * DAY);
const COUNT_STEPS = [1, 2, 5]
  .flatMap((n) => [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000].map((p) => n * p))
  .sort((a, b) => a - b);
const dayLabel = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const dayLong = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

@customElement('portal-usage-chart')
export class UsageChart extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    .plot {
      min-block-size: ${HEIGHT}px;
    }
    /* uPlot's legend: the theme's text, and room between the series. */
    .plot .u-legend {
      font-size: var(--sl-font-size-small);
      color: var(--sl-color-neutral-700);
      text-align: start;
      margin-block-start: var(--sl-spacing-x-small);
    }
    .plot .u-legend th,
    .plot .u-legend td {
      font-size: var(--sl-font-size-small);
      font-weight: var(--sl-font-weight-normal);
    }
    .plot .u-legend .u-label {
      font-weight: var(--sl-font-weight-semibold);
    }
    .plot .u-legend .u-marker {
      inline-size: 1.5em;
      block-size: 0.25em;
    }
  `;

  /** Every day of the period, oldest first. */
  @property({ attribute: false }) days: Wire.UsageDay[] = [];
  @property({ attribute: false }) series: readonly ChartSeries[] = TRAFFIC_SERIES;
  /** What the chart is, for screen readers (the numbers follow it). */
  @property() label = 'Daily usage chart';
  @query('.plot') private box!: HTMLElement;
  private plot: uPlot | null = null;
  private resize: ResizeObserver | null = null;
  private readonly scheme = matchMedia('(prefers-color-scheme: dark)');
  // After the portal has switched its theme class (brand/apply.ts listens to the same query).
  private readonly onScheme = () => requestAnimationFrame(() => this.draw());

  override connectedCallback(): void {
    super.connectedCallback();
    this.scheme.addEventListener('change', this.onScheme);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.scheme.removeEventListener('change', this.onScheme);
    this.resize?.disconnect();
    this.plot?.destroy();
    this.plot = null;
  }

  protected override firstUpdated(): void {
    // Before the element's own sheet, so that its rules (theme colors, legend) win over uPlot's.
    void uplotStyles().then(
      (sheet) => (this.shadowRoot!.adoptedStyleSheets = [sheet, ...this.shadowRoot!.adoptedStyleSheets]),
      () => undefined, // without it the chart is still drawn; only the legend's layout is plainer
    );
    this.resize = new ResizeObserver(() => {
      const width = this.box.clientWidth;
      if (this.plot && width && width !== this.plot.width) this.plot.setSize({ width, height: HEIGHT });
    });
    this.resize.observe(this.box);
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('days') || changed.has('series')) this.draw();
  }

  private summary(): string {
    if (!this.days.length) return this.label;
    const first = this.days[0]!.day;
    const last = this.days.at(-1)!.day;
    const total = (k: ChartSeries['key']) => number(this.days.reduce((n, d) => n + d[k], 0));
    return `${this.label}, ${first} to ${last}: ${this.series.map((s) => `${total(s.key)} ${s.label.toLowerCase()}`).join(', ')}. The table has every day.`;
  }

  private draw(): void {
    this.plot?.destroy();
    this.plot = null;
    if (!this.box || !this.days.length) return;
    const style = getComputedStyle(this);
    const color = (name: string) => style.getPropertyValue(name).trim() || 'currentColor';
    const axis = {
      stroke: color('--sl-color-neutral-700'),
      grid: { stroke: color('--sl-color-neutral-200'), width: 1 },
      ticks: { stroke: color('--sl-color-neutral-300'), width: 1 },
      font: `12px ${style.getPropertyValue('--sl-font-sans') || 'sans-serif'}`,
    };
    const x = this.days.map((d) => Date.parse(`${d.day}T00:00:00Z`) / 1000);
    const data: uPlot.AlignedData = [x, ...this.series.map((s) => this.days.map((d) => d[s.key]))];
    this.plot = new uPlot(
      {
        width: this.box.clientWidth || 600,
        height: HEIGHT,
        // The service counts UTC days: show them as such, whatever the browser's time zone.
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.1))] } },
        axes: [
          { ...axis, space: 56, incrs: DAY_STEPS, values: (_u, ticks) => ticks.map((t) => dayLabel.format(t * 1000)) },
          { ...axis, size: 52, incrs: COUNT_STEPS, values: (_u, ticks) => ticks.map((t) => number(t)) },
        ],
        cursor: { drag: { x: false, y: false }, points: { size: 7 } },
        legend: { show: true, live: true },
        series: [
          { label: 'Day', value: (_u: uPlot, ts: number | null) => (ts === null ? '–' : dayLong.format(ts * 1000)) },
          ...this.series.map((s) => ({
            label: s.label,
            stroke: color(s.color),
            width: 2,
            dash: [...s.dash],
            points: { show: this.days.length <= 31, size: 5 },
            value: (_u: uPlot, v: number | null) => (v === null ? '–' : number(v)),
          })),
        ],
      },
      data,
      this.box,
    );
  }

  override render() {
    return html`<div class="plot" role="img" aria-label=${this.summary()}></div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-usage-chart': UsageChart;
  }
}

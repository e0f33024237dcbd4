/**
 * A 14-day sparkline and a small bar chart as inline SVG (no canvas, no chart library: 14 numbers,
 * and the SVG carries its own accessible name listing them). Values are messages per UTC day, oldest first.
 */
import { svg, html } from 'lit';
import { number, utcDay } from '../lib/format.js';

export function describeDaily(daily: readonly number[]): string {
  return `Messages, last ${daily.length} days: ${daily.map(number).join(', ')}`;
}

export function sparkline(daily: readonly number[], width = 112, height = 28) {
  const max = Math.max(1, ...daily);
  const step = daily.length > 1 ? width / (daily.length - 1) : width;
  const points = daily.map((v, i) => `${(i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`).join(' ');
  return html`<svg class="sparkline" role="img" aria-label=${describeDaily(daily)} viewBox="0 0 ${width} ${height}" width=${width} height=${height}>
    ${svg`<polyline points=${points} fill="none" stroke="currentColor" stroke-width="1.75" stroke-linejoin="round" stroke-linecap="round" />`}
  </svg>`;
}

/** Bars with day labels; the table of values sits beside it for screen readers. */
export function barChart(daily: readonly number[], now = Date.now()) {
  const width = 560;
  const height = 160;
  const pad = 20;
  const max = Math.max(1, ...daily);
  const slot = width / daily.length;
  const bar = Math.max(4, slot * 0.6);
  return html`<svg class="bar-chart" role="img" aria-label=${describeDaily(daily)} viewBox="0 0 ${width} ${height + pad}" preserveAspectRatio="none">
    ${daily.map((v, i) => {
      const h = (v / max) * (height - 16);
      const x = i * slot + (slot - bar) / 2;
      const day = utcDay(daily.length - 1 - i, now).slice(5);
      return svg`<g>
        <title>${day}: ${number(v)}</title>
        <rect x=${x} y=${height - h} width=${bar} height=${Math.max(h, v > 0 ? 1 : 0)} rx="2" fill="currentColor" />
        ${i % 2 === daily.length % 2 ? svg`<text x=${x + bar / 2} y=${height + 14} text-anchor="middle" font-size="11">${day}</text>` : null}
      </g>`;
    })}
    <line x1="0" x2=${width} y1=${height} y2=${height} stroke="currentColor" stroke-opacity="0.3" />
  </svg>`;
}

/**
 * Puts the tenant theme on the widget through the CSSOM (a `style` attribute would need CSP's
 * 'unsafe-inline'): config and attribute values become `--_cfg-*` properties of the root, below
 * the site's own `--tessera-*` properties in the cascade. Then, reading back the colors that
 * actually resulted, sets `--_auto-*` readable text and focus-ring colors where they would fail AA.
 */
import type * as Wire from '@tessera/protocol/types';
import { contrast, parseRgb, readableOn } from './contrast.js';

/** Spacing per density: the keys are the protocol's densities (checked), looked up by any string. */
const GAPS: Record<string, string> = { compact: '7px', comfortable: '10px', spacious: '14px' } satisfies Record<
  NonNullable<Wire.Theme['density']>,
  string
>;

/** `accent`: the element's own accent color (its attribute), over the theme's. */
export function applyTheme(root: HTMLElement, probe: HTMLElement, theme: Wire.Theme, accent: string | null): void {
  const set = (name: string, value: string | undefined) =>
    value ? root.style.setProperty(`--_${name}`, value) : root.style.removeProperty(`--_${name}`);
  set('cfg-accent', accent ?? theme.accentColor);
  set('cfg-bg', theme.backgroundColor);
  set('cfg-fg', theme.textColor);
  set('cfg-radius', theme.radius === undefined ? undefined : `${theme.radius}px`);
  set('cfg-gap', GAPS[theme.density ?? '']);
  set('cfg-font', theme.fontFamily);
  // The probe shows the colors in effect (site CSS included) before any correction.
  const style = getComputedStyle(probe);
  const [fg, bg, acc] = [style.color, style.backgroundColor, style.outlineColor].map(parseRgb);
  if (!fg || !bg || !acc) return;
  set('auto-on', readableOn(acc));
  set('auto-fg', contrast(fg, bg) < 4.5 ? readableOn(bg) : undefined);
  set('auto-ring', contrast(acc, bg) < 3 ? 'currentColor' : undefined);
}

/**
 * Colors from the partner's accent: WCAG contrast, and the Shoelace primary scale derived from it so
 * that text on a primary button, and primary text on the page, reach 4.5:1 (a too-light accent is
 * darkened, a too-dark one lightened in the dark theme).
 */
type Rgb = [number, number, number];

export function parseHex(hex: string): Rgb | null {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return null;
  const n = Number.parseInt(m[1]!, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

export function luminance([r, g, b]: Rgb): number {
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [0, 0, 0];
/** Shoelace's dark --sl-color-neutral-0 (hsl(240 5.9% 11%)): the page and the text on primary buttons. */
const DARK_SURFACE: Rgb = [26, 26, 30];

/** Move `color` toward `toward` until it reaches `ratio` against `against` (a little at a time). */
export function ensureContrast(color: Rgb, against: Rgb, toward: Rgb, ratio = 4.5): Rgb {
  let c = color;
  for (let t = 0.05; contrast(c, against) < ratio && t <= 1; t += 0.05) c = mix(color, toward, t);
  return c;
}

export type Scheme = 'light' | 'dark';

const STEPS = ['50', '100', '200', '300', '400', '500', '600', '700', '800', '900', '950'] as const;

/**
 * The 11 steps of `--sl-color-primary-*`. In the light theme 600 (buttons, links, focus ring) keeps
 * white text at 4.5:1; the dark theme's scale runs the other way (50 is darkest), and 600 keeps the
 * dark surface's text at 4.5:1.
 */
export function primaryScale(accent: string, scheme: Scheme): Record<string, string> {
  const base = parseHex(accent) ?? [37, 99, 235];
  // Steps 50-400 fade toward the page, 500 is the hover (a little more contrast), 700-950 go further.
  const [page, far] = scheme === 'light' ? [WHITE, BLACK] : [DARK_SURFACE, WHITE];
  const c600 = scheme === 'light' ? ensureContrast(base, WHITE, BLACK) : ensureContrast(base, DARK_SURFACE, WHITE);
  const toPage = scheme === 'light' ? [0.94, 0.87, 0.72, 0.55, 0.3] : [0.82, 0.72, 0.56, 0.4, 0.2];
  const out: Record<string, string> = {};
  for (const [i, t] of toPage.entries()) out[STEPS[i]!] = toHex(mix(c600, page, t));
  out['500'] = toHex(mix(c600, far, 0.08));
  out['600'] = toHex(c600);
  for (const [i, t] of [0.15, 0.3, 0.45, 0.6].entries()) out[STEPS[7 + i]!] = toHex(mix(c600, far, t));
  return out;
}

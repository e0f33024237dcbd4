/**
 * WCAG contrast for tenant colors: a computed CSS color (`rgb(…)`/`rgba(…)`) in, relative
 * luminance and contrast ratios out, so an accent that fails AA with white text gets a readable
 * text color chosen automatically.
 */

export type Rgb = [number, number, number];

export function parseRgb(value: string): Rgb | null {
  const m = /rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/.exec(value);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

export function luminance([r, g, b]: Rgb): number {
  const lin = (c: number) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const WHITE: Rgb = [255, 255, 255];
const INK: Rgb = [17, 17, 17];

/** Text color for a background: white when it meets AA (4.5:1), else whichever of white/ink reads better. */
export function readableOn(background: Rgb): string {
  if (contrast(WHITE, background) >= 4.5) return '#fff';
  return contrast(WHITE, background) >= contrast(INK, background) ? '#fff' : '#111';
}

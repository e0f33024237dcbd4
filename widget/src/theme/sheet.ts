/**
 * css`…` without Lit, for the part of the widget every page loads: a constructable stylesheet,
 * adopted by a shadow root (no <style> element: nothing for CSP's style-src). No interpolation.
 */
export function css(text: TemplateStringsArray): CSSStyleSheet {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(text[0]!);
  return sheet;
}

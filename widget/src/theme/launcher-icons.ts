/**
 * The launcher's built-in icons, built as SVG elements (the launcher is drawn without Lit, and
 * without innerHTML, which a page enforcing Trusted Types would refuse): each shape is its tag and
 * its attributes, name and value in turn.
 */
const NS = 'http://www.w3.org/2000/svg';

/** The close icon's path, also drawn by the panel's close button (theme/icons.ts). */
export const CLOSE_PATH = 'M6 6l12 12M18 6L6 18';

const SHAPES: Record<string, string[][]> = {
  chat: [['path', 'd', 'M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z']],
  sparkle: [['path', 'd', 'M12 3l2 6 6 2-6 2-2 6-2-6-6-2 6-2z']],
  help: [
    ['circle', 'cx', '12', 'cy', '12', 'r', '9'],
    ['path', 'd', 'M9.5 9a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6V14M12 17.5v.01'],
  ],
  wave: [
    [
      'path',
      'd',
      'M7 11V6.5a1.5 1.5 0 0 1 3 0V11m0-1V4.5a1.5 1.5 0 0 1 3 0V11m0-.5v-4a1.5 1.5 0 0 1 3 0V14a7 7 0 0 1-7 7c-2.5 0-4-1.2-5.3-3L4 14.5a1.6 1.6 0 0 1 2.6-1.8L7 13',
    ],
  ],
  close: [['path', 'd', CLOSE_PATH]],
};

/** Whether `name` is a built-in launcher icon. */
export const isIcon = (name: string): boolean => Object.hasOwn(SHAPES, name);

function build(tag: string, attrs: string[], parent?: Element): Element {
  const el = document.createElementNS(NS, tag);
  for (let i = 0; i < attrs.length; i += 2) el.setAttribute(attrs[i]!, attrs[i + 1]!);
  parent?.append(el);
  return el;
}

/** A new SVG element of the built-in icon `name`. */
export function icon(name: string): Element {
  const svg = build('svg', [
    'viewBox',
    '0 0 24 24',
    'aria-hidden',
    'true',
    'fill',
    'none',
    'stroke',
    'currentColor',
    'stroke-width',
    '2',
    'stroke-linecap',
    'round',
    'stroke-linejoin',
    'round',
  ]);
  for (const [tag, ...attrs] of SHAPES[name]!) build(tag!, attrs, svg);
  return svg;
}

/**
 * Shoelace's icon libraries, pointed at files bundled with the portal. The stock `default` library
 * fetches from a CDN and the stock `system` library from data: URLs; both are refused by the CSP
 * (`connect-src 'self'`, and <sl-icon> fetches its source), so both resolve to our own assets.
 */
import { registerIconLibrary } from '@shoelace-style/shoelace/dist/utilities/icon-library.js';
import arrowDown from 'shoelace-icons/arrow-down.svg?url';
import arrowUp from 'shoelace-icons/arrow-up.svg?url';
import boxArrowRight from 'shoelace-icons/box-arrow-right.svg?url';
import check from 'shoelace-icons/check2.svg?url';
import chevronDown from 'shoelace-icons/chevron-down.svg?url';
import chevronLeft from 'shoelace-icons/chevron-left.svg?url';
import chevronRight from 'shoelace-icons/chevron-right.svg?url';
import circle from 'shoelace-icons/circle-fill.svg?url';
import copy from 'shoelace-icons/copy.svg?url';
import dash from 'shoelace-icons/dash-lg.svg?url';
import eye from 'shoelace-icons/eye.svg?url';
import eyeSlash from 'shoelace-icons/eye-slash.svg?url';
import grip from 'shoelace-icons/grip-vertical.svg?url';
import list from 'shoelace-icons/list.svg?url';
import personCircle from 'shoelace-icons/person-circle.svg?url';
import personFill from 'shoelace-icons/person-fill.svg?url';
import xCircleFill from 'shoelace-icons/x-circle-fill.svg?url';
import xLg from 'shoelace-icons/x-lg.svg?url';

const SYSTEM: Record<string, string> = {
  caret: chevronDown,
  check,
  'chevron-down': chevronDown,
  'chevron-left': chevronLeft,
  'chevron-right': chevronRight,
  copy,
  eye,
  'eye-slash': eyeSlash,
  'grip-vertical': grip,
  indeterminate: dash,
  'person-fill': personFill,
  radio: circle,
  'x-circle-fill': xCircleFill,
  'x-lg': xLg,
};

/** The icons the portal itself names (<sl-icon name="list">). */
const PORTAL: Record<string, string> = {
  list,
  'arrow-up': arrowUp,
  'arrow-down': arrowDown,
  'person-circle': personCircle,
  'box-arrow-right': boxArrowRight,
  'x-lg': xLg,
  copy,
  check,
};

export function registerIcons(): void {
  registerIconLibrary('system', { resolver: (name) => SYSTEM[name] ?? '' });
  registerIconLibrary('default', { resolver: (name) => PORTAL[name] ?? '' });
}

/**
 * The launcher's styles and the custom properties the whole widget reads (the panel's styles come
 * with the panel). Public knobs are `--tessera-*` custom properties (site CSS) over `--_cfg-*`
 * (tenant config and attributes, set on .root by the element) over defaults; `.root` starts from
 * `all: initial` so nothing the page inherits into the host leaks in.
 */
import { css } from '../theme/sheet.js';

export const shellStyles = css`
  :host {
    display: block;
  }
  :host([mode='inline']) {
    height: 100%;
  }
  :host([mode='floating']) {
    display: contents !important;
  }
  :host([hidden]) {
    display: none !important;
  }
  .root {
    all: initial;
    display: block;
    height: 100%;
    --_dbg: #fff;
    --_dfg: #1c1d21;
    --_accent: var(--tessera-accent, var(--_cfg-accent, #2563eb));
    --_on: var(--tessera-on-accent, var(--_auto-on, #fff));
    --_bg: var(--tessera-background, var(--_cfg-bg, var(--_dbg)));
    --_fg0: var(--tessera-text, var(--_cfg-fg, var(--_dfg)));
    --_fg: var(--_auto-fg, var(--_fg0));
    --_ring: var(--tessera-focus-ring, var(--_auto-ring, var(--_accent)));
    --_r: var(--tessera-radius, var(--_cfg-radius, 14px));
    --_gap: var(--tessera-spacing, var(--_cfg-gap, 10px));
    --_font: var(--tessera-font, var(--_cfg-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif));
    --_off: var(--tessera-offset, 20px);
    --_size: var(--tessera-launcher-size, 56px);
    --_z: var(--tessera-z-index, 2147483000);
    --_muted: color-mix(in srgb, var(--_fg) 72%, var(--_bg));
    --_surface: color-mix(in srgb, var(--_fg) 7%, var(--_bg));
    --_line: color-mix(in srgb, var(--_fg) 20%, var(--_bg));
    font: 15px/1.45 var(--_font);
    color: var(--_fg);
    color-scheme: light;
    text-size-adjust: 100%;
  }
  /* Floating, everything the element shows is fixed to the viewport: it takes no room in the
     page's layout (in a grid or flex body the root would otherwise be one more item). */
  :host([mode='floating']) .root {
    display: contents;
  }
  .root[data-scheme='dark'] {
    --_dbg: #17181c;
    --_dfg: #ececf1;
    color-scheme: dark;
  }
  @media (prefers-color-scheme: dark) {
    .root[data-scheme='auto'] {
      --_dbg: #17181c;
      --_dfg: #ececf1;
      color-scheme: dark;
    }
  }
  .probe {
    display: none;
    color: var(--_fg0);
    background-color: var(--_bg);
    outline-color: var(--_accent);
  }
  *,
  ::before,
  ::after {
    box-sizing: border-box;
  }
  button {
    font: inherit;
    color: inherit;
    background: none;
    border: 0;
    margin: 0;
    padding: 0;
    cursor: pointer;
  }
  :focus-visible {
    outline: 2px solid var(--_ring);
    outline-offset: 2px;
  }
  svg {
    display: block;
    width: 22px;
    height: 22px;
  }
  .launcher {
    position: fixed;
    z-index: var(--_z);
    bottom: var(--_off);
    right: var(--_off);
    width: var(--_size);
    height: var(--_size);
    border-radius: 50%;
    display: grid;
    place-items: center;
    overflow: hidden;
    background: var(--_accent);
    color: var(--_on);
    box-shadow: 0 4px 14px #0004;
  }
  .launcher img {
    width: 62%;
    height: 62%;
    object-fit: contain;
  }
  [data-pos='bottom-left'] .launcher {
    right: auto;
    left: var(--_off);
  }
  .launcher:hover {
    filter: brightness(1.1);
  }
  .launcher:active {
    transform: scale(0.95);
  }
  /* Unread answers, on the launcher's top corner. */
  .badge {
    position: fixed;
    z-index: var(--_z);
    bottom: calc(var(--_off) + var(--_size) - 16px);
    right: calc(var(--_off) - 4px);
    min-width: 20px;
    height: 20px;
    padding: 0 5px;
    border-radius: 10px;
    background: #d92d20;
    color: #fff;
    font: 600 12px/20px var(--_font);
    text-align: center;
    box-shadow: 0 0 0 2px #fff;
    pointer-events: none;
  }
  [data-pos='bottom-left'] .badge {
    right: auto;
    left: calc(var(--_off) + var(--_size) - 16px);
  }
  .badge[hidden] {
    display: none;
  }
`;

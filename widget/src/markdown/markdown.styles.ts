/** Styles of rendered bot markdown (used inside the <tessera-chat> shadow root). */
import { css } from '../theme/sheet.js';

export const markdownStyles = css`
  /* Layout boxes that keep the browser's work per token small (see view.ts). Top-level boxes off
     screen skip style, layout and paint (their last rendered size is kept); they stay findable and
     in the accessibility tree. */
  .k {
    display: block;
  }
  .md > .k {
    content-visibility: auto;
    contain-intrinsic-size: auto 20em;
    /* Room inside the box's paint containment for focus rings at its edges. */
    padding: 4px;
    margin: -4px;
  }
  .md > .k:not(:last-child) {
    margin-bottom: calc(0.6em - 4px);
  }
  .md :is(p, ul, ol, blockquote, h3, .code, .table, hr) {
    margin: 0 0 0.6em;
  }
  .md :last-child {
    margin-bottom: 0;
  }
  .md .more {
    margin-top: -0.6em;
  }
  /* Items indent on their own start side (each item has its own direction), where the marker goes. */
  .md :is(ul, ol) {
    padding: 0;
  }
  .md li {
    margin-inline-start: 1.4em;
  }
  .md li > p {
    margin: 0;
  }
  .md h3 {
    font-size: 1.04em;
  }
  .md .h1 {
    font-size: 1.24em;
  }
  .md .h2 {
    font-size: 1.14em;
  }
  .md a {
    color: inherit;
  }
  .md code {
    font: 0.9em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    padding: 0.1em 0.3em;
    border-radius: 4px;
    background: var(--_line);
  }
  .code {
    border: 1px solid var(--_line);
    border-radius: min(8px, var(--_r));
    background: var(--_bg);
  }
  /* Header bar: the language on the left, the copy button on the right. */
  .bar {
    display: flex;
    align-items: center;
    padding: 3px 3px 3px 10px;
    border-bottom: 1px solid var(--_line);
    border-radius: inherit;
    border-end-start-radius: 0;
    border-end-end-radius: 0;
    background: var(--_surface);
    font-size: 12px;
    color: var(--_muted);
  }
  .copy {
    margin-inline-start: auto;
    min-height: 26px;
    padding: 0 8px;
    border: 1px solid var(--_line);
    border-radius: min(6px, var(--_r));
    background: var(--_bg);
  }
  .md pre {
    margin: 0;
    padding: 10px;
    overflow: auto;
  }
  .md pre:focus-visible {
    outline-offset: -2px;
  }
  .md pre code {
    padding: 0;
    background: none;
    white-space: pre;
  }
  .md blockquote {
    margin-inline: 0;
    padding-inline-start: 10px;
    border-inline-start: 3px solid var(--_muted);
  }
  /* A wide table scrolls. The cue that there is more: shadows fixed at the box's edges (scroll), under
     covers in the bubble's color that move with the content (local, solid over the shadow's width),
     so a shadow shows only on a side where content is hidden. */
  .table {
    overflow-x: auto;
    --_shade: color-mix(in srgb, var(--_fg) 35%, transparent);
    background:
      linear-gradient(90deg, var(--_surface) 50%, transparent) 0 / 28px 100% local,
      linear-gradient(270deg, var(--_surface) 50%, transparent) 100% / 28px 100% local,
      radial-gradient(farthest-side at 0, var(--_shade), transparent) 0 / 14px 100%,
      radial-gradient(farthest-side at 100%, var(--_shade), transparent) 100% / 14px 100%;
    background-repeat: no-repeat;
  }
  .md table {
    border-collapse: collapse;
    /* The bubble may break anywhere (long URLs): a table scrolls instead of breaking words. */
    overflow-wrap: normal;
  }
  /* Cells align to the table's start side (its header's direction), though each reads in its own
     (Chromium and WebKit know match-parent only by its prefixed name). */
  .md :is(th, td) {
    padding: 4px 8px;
    border: 1px solid var(--_line);
    text-align: -webkit-match-parent;
    text-align: match-parent;
  }
  .md .r {
    text-align: right;
  }
  .md .c {
    text-align: center;
  }
  .md hr {
    border: 0;
    border-top: 1px solid var(--_line);
  }
`;

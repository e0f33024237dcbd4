/** Styles of rendered bot markdown (used inside the <tessera-chat> shadow root). */
import { css } from 'lit';

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
  .md :is(ul, ol) {
    padding-inline-start: 1.4em;
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
  .md pre {
    margin: 0;
    padding: 10px;
    overflow: auto;
    border-radius: 8px;
    background: var(--_bg);
    border: 1px solid var(--_line);
  }
  .md pre code {
    padding: 0;
    background: none;
    white-space: pre;
  }
  .code {
    position: relative;
  }
  .copy {
    position: absolute;
    top: 4px;
    inset-inline-end: 4px;
    min-height: 26px;
    padding: 2px 8px;
    font-size: 12px;
    border-radius: 6px;
    background: var(--_bg);
    border: 1px solid var(--_muted);
  }
  .md blockquote {
    margin-inline: 0;
    padding-inline-start: 10px;
    border-inline-start: 3px solid var(--_muted);
  }
  .table {
    overflow-x: auto;
  }
  .md table {
    border-collapse: collapse;
  }
  .md :is(th, td) {
    padding: 4px 8px;
    border: 1px solid var(--_line);
    text-align: start;
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

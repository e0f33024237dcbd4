/**
 * The panel's styles (header, transcript, composer; markdown's beside them), adopted by the
 * element's shadow root when the panel loads, after the launcher's (shell.styles.ts), whose custom
 * properties they read.
 */
import { css } from '../theme/sheet.js';
import { markdownStyles } from '../markdown/markdown.styles.js';

const panel = css`
  .box {
    display: contents;
  }
  [dir='rtl'] .send svg {
    transform: scaleX(-1);
  }
  .sr {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .panel {
    position: fixed;
    z-index: var(--_z);
    right: var(--_off);
    bottom: calc(var(--_off) + var(--_size) + 12px);
    width: min(var(--tessera-panel-width, 380px), calc(100vw - 2 * var(--_off)));
    height: min(var(--tessera-panel-height, 620px), calc(100vh - 3 * var(--_off) - var(--_size)));
    display: flex;
    flex-direction: column;
    overflow: hidden;
    background: var(--_bg);
    border-radius: var(--_r);
    box-shadow: 0 10px 40px #0003, 0 0 0 1px var(--_line);
    animation: pop 0.18s ease-out;
  }
  [data-pos='bottom-left'] .panel {
    right: auto;
    left: var(--_off);
  }
  .panel[hidden] {
    display: none;
  }
  :host([mode='inline']) .panel {
    position: relative;
    inset: auto;
    z-index: auto;
    width: 100%;
    height: 100%;
    min-height: 280px;
    animation: none;
    box-shadow: 0 0 0 1px var(--_line);
  }
  @keyframes pop {
    from {
      opacity: 0;
      transform: translateY(8px);
    }
  }
  .head {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: var(--_gap) calc(var(--_gap) * 1.4);
    background: var(--_accent);
    color: var(--_on);
  }
  .head :focus-visible {
    outline-color: currentColor;
    outline-offset: -3px;
  }
  .who {
    flex: 1;
    min-width: 0;
  }
  .who > * {
    margin: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .head h2 {
    font-size: 16px;
    font-weight: 600;
    line-height: 1.3;
  }
  .head p {
    font-size: 12.5px;
    line-height: 1.3;
  }
  /* The bot's face: the site's avatar, or the title's first letter. */
  .face {
    flex: none;
    width: 26px;
    height: 26px;
    border-radius: 50%;
    display: grid;
    place-items: center;
    object-fit: cover;
    font-size: 13px;
    font-weight: 600;
    background: var(--_accent);
    color: var(--_on);
    user-select: none;
  }
  .head .face {
    width: 36px;
    height: 36px;
    font-size: 16px;
    background: color-mix(in srgb, var(--_on) 18%, transparent);
  }
  .icon {
    width: 36px;
    height: 36px;
    display: grid;
    place-items: center;
    border-radius: 8px;
    transition: background-color 0.12s;
  }
  .icon:hover {
    background: color-mix(in srgb, var(--_on) 14%, transparent);
  }
  .icon:active {
    background: color-mix(in srgb, var(--_on) 24%, transparent);
  }
  .body {
    position: relative;
    flex: 1;
    min-height: 0;
    display: flex;
    flex-direction: column;
  }
  .log {
    flex: 1;
    min-height: 0;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: calc(var(--_gap) * 1.4);
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
  }
  .msg {
    position: relative;
    max-width: 86%;
    padding: calc(var(--_gap) * 0.8) calc(var(--_gap) * 1.2);
    border-radius: var(--_r);
    overflow-wrap: anywhere;
    animation: rise 0.22s ease-out;
  }
  @keyframes rise {
    from {
      opacity: 0;
      transform: translateY(6px);
    }
  }
  /* Each bot message has the bot's face at its start, outside the bubble. */
  .msg.bot {
    max-width: calc(86% - 32px);
    margin-inline-start: 32px;
  }
  .msg.bot > .face {
    position: absolute;
    inset-inline-start: -32px;
    bottom: 0;
  }
  /* A message's time, beside it while pointed at or focused (or the transcript is): not its text. */
  .msg[data-time]:not([data-time=''])::after {
    content: attr(data-time);
    position: absolute;
    bottom: 2px;
    inset-inline-start: calc(100% + 6px);
    font-size: 11px;
    white-space: nowrap;
    color: var(--_muted);
    opacity: 0;
    transition: opacity 0.12s;
    pointer-events: none;
  }
  .msg.user::after {
    inset-inline: auto calc(100% + 6px);
  }
  .msg[data-time]:is(:hover, :focus-within)::after,
  .log:focus-visible .msg[data-time]:not([data-time=''])::after {
    opacity: 1;
  }
  .user {
    align-self: flex-end;
    white-space: pre-wrap;
    background: var(--_accent);
    color: var(--_on);
    border-end-end-radius: 4px;
  }
  .bot {
    align-self: flex-start;
    background: var(--_surface);
    border-end-start-radius: 4px;
  }
  .fb {
    display: flex;
    flex-wrap: wrap;
    gap: 2px;
    margin: 6px -6px -4px;
  }
  .fb > button {
    width: 30px;
    height: 30px;
    display: grid;
    place-items: center;
    border-radius: 8px;
    color: var(--_muted);
    transition: background-color 0.12s, color 0.12s;
  }
  .fb svg {
    width: 17px;
    height: 17px;
  }
  .fb > button:hover {
    color: var(--_fg);
    background: color-mix(in srgb, var(--_fg) 8%, transparent);
  }
  .fb > button:active {
    background: color-mix(in srgb, var(--_fg) 14%, transparent);
  }
  .fb [aria-pressed='true'] {
    color: var(--_accent);
    background: color-mix(in srgb, var(--_accent) 12%, transparent);
  }
  .fb .down svg {
    transform: rotate(180deg);
  }
  .fb form {
    width: 100%;
    padding: 4px 0 0;
    border: 0;
  }
  .fb input {
    flex: 1;
    min-width: 0;
    border: 1px solid var(--_line);
    border-radius: 999px;
    padding: 0 12px;
    font: inherit;
    color: inherit;
    background: none;
  }
  .note {
    display: block;
    font-size: 13px;
    color: var(--_muted);
  }
  /* The welcome screen: the greeting under the bot's face, prompt cards, recent conversations. */
  .welcome {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_gap) * 1.4);
    padding-top: var(--_gap);
  }
  .hello {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: var(--_gap);
  }
  .hello .face {
    width: 44px;
    height: 44px;
    font-size: 20px;
  }
  .greet {
    margin: 0;
    font-size: 17px;
    line-height: 1.4;
    font-weight: 500;
    white-space: pre-line;
    overflow-wrap: anywhere;
  }
  .cards,
  .recent ul {
    display: flex;
    flex-direction: column;
    gap: 6px;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .cards button,
  .recent button {
    width: 100%;
    display: flex;
    align-items: center;
    gap: 8px;
    min-height: 44px;
    padding: 8px 12px;
    text-align: start;
    border: 1px solid var(--_line);
    border-radius: calc(var(--_r) * 0.8);
    background: var(--_bg);
    transition: background-color 0.12s, border-color 0.12s;
  }
  .cards button::after {
    content: '→';
    margin-inline-start: auto;
    color: var(--_accent);
    font-weight: 600;
  }
  [dir='rtl'] .cards button::after {
    content: '←';
  }
  .cards button:hover,
  .recent button:hover {
    border-color: var(--_accent);
    background: var(--_surface);
  }
  .cards button:active,
  .recent button:active {
    background: color-mix(in srgb, var(--_fg) 12%, var(--_bg));
  }
  .recent h3 {
    margin: 0 0 6px;
    font-size: 13px;
    font-weight: 600;
    color: var(--_muted);
  }
  .recent .preview {
    flex: 1;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .recent .ago {
    flex: none;
    font-size: 12px;
    color: var(--_muted);
  }
  .recent svg {
    flex: none;
    width: 16px;
    height: 16px;
    color: var(--_muted);
  }
  [dir='rtl'] .recent svg {
    transform: scaleX(-1);
  }
  .err button,
  .undo button,
  .fb form button,
  .jump {
    min-height: 32px;
    padding: 4px 12px;
    border-radius: 999px;
    border: 1px solid var(--_accent);
    background: var(--_bg);
    transition: background-color 0.12s;
  }
  :is(.err, .undo, .fb form) button:hover,
  .jump:hover {
    background: color-mix(in srgb, var(--_accent) 10%, var(--_bg));
  }
  :is(.err, .undo, .fb form) button:active,
  .jump:active {
    background: color-mix(in srgb, var(--_accent) 20%, var(--_bg));
  }
  .typing {
    display: flex;
    gap: 4px;
    padding: 14px;
  }
  .typing i {
    width: 7px;
    height: 7px;
    border-radius: 50%;
    background: var(--_muted);
    animation: hop 1.1s ease-in-out infinite;
  }
  .typing i:nth-of-type(2) {
    animation-delay: 0.15s;
  }
  .typing i:nth-of-type(3) {
    animation-delay: 0.3s;
  }
  @keyframes hop {
    0%,
    60%,
    100% {
      transform: none;
      opacity: 0.45;
    }
    30% {
      transform: translateY(-4px);
      opacity: 1;
    }
  }
  .err,
  .notice {
    padding: var(--_gap);
    border-radius: var(--_r);
    border: 1px solid var(--_line);
    background: var(--_surface);
  }
  .err {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
    border-color: #d92d20;
  }
  .err [aria-disabled='true'] {
    opacity: 0.5;
    cursor: not-allowed;
  }
  .notice {
    margin: auto calc(var(--_gap) * 1.4);
    text-align: center;
  }
  .jump {
    position: absolute;
    bottom: 8px;
    inset-inline: 0;
    margin: auto;
    width: max-content;
    box-shadow: 0 2px 8px #0003;
  }
  .undo {
    display: flex;
    align-items: center;
    gap: 8px;
    margin: 0 var(--_gap) var(--_gap);
    padding: 6px;
    padding-inline-start: 12px;
    border: 1px solid var(--_line);
    border-radius: var(--_r);
    background: var(--_surface);
  }
  .undo span {
    flex: 1;
  }
  form {
    display: flex;
    align-items: flex-end;
    gap: 8px;
    margin: 0;
    padding: var(--_gap);
    border-top: 1px solid var(--_line);
  }
  textarea {
    flex: 1;
    resize: none;
    min-height: 42px;
    max-height: 140px;
    margin: 0;
    padding: 9px 12px;
    font: 16px/1.4 var(--_font);
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_muted);
    border-radius: calc(var(--_r) * 0.7);
  }
  /* One ring: the border turns the ring's color and thickens (no outline beside it). */
  textarea:focus-visible {
    outline: none;
    border-color: var(--_ring);
    box-shadow: 0 0 0 1px var(--_ring);
  }
  textarea::placeholder {
    color: var(--_muted);
    opacity: 1;
  }
  .send {
    flex: none;
    width: 42px;
    height: 42px;
    border-radius: 50%;
    display: grid;
    place-items: center;
    background: var(--_accent);
    color: var(--_on);
    transition: filter 0.12s, transform 0.08s;
  }
  .send:hover {
    filter: brightness(1.1);
  }
  .send:active {
    transform: scale(0.94);
  }
  .send[aria-disabled='true'] {
    opacity: 0.5;
    cursor: not-allowed;
    filter: none;
    transform: none;
  }
  /* Inline, on a wide page: the text keeps a readable line length, centred. */
  :host([mode='inline']) :is(.log, form) {
    padding-inline: max(calc(var(--_gap) * 1.4), calc((100% - 720px) / 2));
  }
  @media (max-width: 479.98px) {
    :host(:not([mode='inline'])) .panel {
      inset: var(--_vv-top, 0) 0 auto 0;
      width: 100%;
      height: var(--_vv-h, 100%);
      border-radius: 0;
      animation: none;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .panel,
    .msg,
    .typing i {
      animation: none;
    }
    * {
      transition: none !important;
    }
  }
`;

export const styles = [panel, markdownStyles];

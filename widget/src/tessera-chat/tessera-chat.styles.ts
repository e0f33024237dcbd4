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
  .head h2 {
    flex: 1;
    margin: 0;
    font-size: 16px;
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .avatar {
    width: 30px;
    height: 30px;
    border-radius: 50%;
    object-fit: cover;
  }
  .icon {
    width: 36px;
    height: 36px;
    display: grid;
    place-items: center;
    border-radius: 8px;
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
    max-width: 86%;
    padding: calc(var(--_gap) * 0.8) calc(var(--_gap) * 1.2);
    border-radius: var(--_r);
    overflow-wrap: anywhere;
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
    gap: 4px;
  }
  .fb .down svg {
    transform: rotate(180deg);
  }
  .fb [aria-pressed='false'] {
    border-color: var(--_line);
  }
  .fb form {
    width: 100%;
    padding: 0;
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
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  .chips button,
  .err button,
  .fb button,
  .undo button,
  .jump {
    min-height: 32px;
    padding: 4px 12px;
    border-radius: 999px;
    border: 1px solid var(--_accent);
    background: var(--_bg);
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
    animation: blink 1.2s infinite;
  }
  .typing i:nth-child(3) {
    animation-delay: 0.2s;
  }
  .typing i:nth-child(4) {
    animation-delay: 0.4s;
  }
  @keyframes blink {
    50% {
      opacity: 0.25;
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
    .typing i {
      animation: none;
    }
  }
`;

export const styles = [panel, markdownStyles];

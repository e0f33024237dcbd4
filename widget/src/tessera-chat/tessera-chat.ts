/**
 * Registers <tessera-chat>. Guarded: when the tag is already defined (a second copy of the script,
 * or another build), keep the first definition and warn once instead of throwing.
 */
import { TesseraChat } from './tessera-chat.component.js';

export const TAG = 'tessera-chat';
let warned = false;

export function register(): void {
  const existing = customElements.get(TAG);
  if (!existing) customElements.define(TAG, TesseraChat);
  else if (existing !== TesseraChat && !warned) {
    warned = true;
    console.warn(`[tessera] <${TAG}> is already defined (is the widget loaded twice?); keeping the first copy.`);
  }
}

register();

declare global {
  interface HTMLElementTagNameMap {
    'tessera-chat': TesseraChat;
  }
}

export { TesseraChat };

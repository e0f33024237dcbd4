/**
 * The script-tag build (dist/widget.js): registers <tessera-chat>, and when loaded as
 * `<script src=".../widget.js" data-site-key="pk_…" async>` mounts a floating launcher whose service
 * URL is the script's own directory. Other `data-*` attributes of the script become attributes of
 * the element (data-locale, data-position, data-color-scheme, data-accent-color, data-chat-title,
 * data-identity-token: the signed-in user, see Tessera.identify).
 */
import { TAG } from '../tessera-chat/tessera-chat.js';
import type { TesseraChat } from '../tessera-chat/tessera-chat.component.js';
import { installGlobal } from './global.js';

// Read synchronously: currentScript is only set while this classic script first runs.
const script = document.currentScript as HTMLScriptElement | null;
let mounted: TesseraChat | null = null;

function mount(): void {
  const siteKey = script?.dataset['siteKey'];
  if (!siteKey || !script) return;
  mounted = document.querySelector<TesseraChat>(`${TAG}[site-key="${CSS.escape(siteKey)}"]`);
  if (mounted) return;
  const el = document.createElement(TAG);
  for (const [key, value] of Object.entries(script.dataset)) {
    if (key !== 'siteKey' && value !== undefined)
      el.setAttribute(
        key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`),
        value,
      );
  }
  el.setAttribute('site-key', siteKey);
  el.setAttribute('service-url', new URL('.', script.src).href.replace(/\/$/, ''));
  mounted = el;
  document.body.append(el);
}

/** Mount, then install window.Tessera, which replays the calls the stub queued. */
function start(): void {
  mount();
  installGlobal(() => mounted ?? document.querySelector(TAG));
}

// A second copy of the script leaves the first in charge (the registration already warned).
const existing = window.Tessera;
if (!(existing && 'version' in existing)) {
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start, { once: true });
}

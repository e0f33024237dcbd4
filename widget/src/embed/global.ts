/**
 * `window.Tessera` for script-tag sites: open, close, toggle, send, on, identify and logout,
 * callable before the bundle has loaded. The stub a site may paste queues calls in `Tessera.q`; install() replays them.
 */
import type { TesseraEventMap, TesseraEventName } from '../events/events.js';
import type { TesseraChat } from '../tessera-chat/tessera-chat.component.js';

type Short<K> = K extends `tessera-${infer Name}` ? Name : never;
export type TesseraGlobalEvent = Short<TesseraEventName>;

export interface TesseraGlobal {
  readonly version: string;
  open(): void;
  close(): void;
  toggle(): void;
  send(text: string): void;
  /** Sign the visitor in as the site's user an identity token names (null signs out). */
  identify(token: string | null): void;
  /** Sign out: back to a new anonymous visitor. */
  logout(): void;
  /** Listen to `tessera-<name>` events of any widget on the page; returns an unsubscribe function. */
  on<N extends TesseraGlobalEvent>(name: N, listener: (detail: TesseraEventMap[`tessera-${N}`]) => void): () => void;
}

type Call = [keyof TesseraGlobal, unknown[] | IArguments];

declare global {
  interface Window {
    Tessera?: TesseraGlobal | { q?: Call[] };
  }
}

export const VERSION = '0.1.0';

export function installGlobal(target: () => TesseraChat | null): TesseraGlobal {
  const queued = (window.Tessera as { q?: Call[] } | undefined)?.q ?? [];
  const api: TesseraGlobal = {
    version: VERSION,
    open: () => target()?.open(),
    close: () => target()?.close(),
    toggle: () => target()?.toggle(),
    send: (text) => void target()?.send(text),
    identify: (token) => target()?.identify(token),
    logout: () => target()?.logout(),
    on(name, listener) {
      const handler = (e: Event) => listener((e as CustomEvent).detail);
      document.addEventListener(`tessera-${name}`, handler);
      return () => document.removeEventListener(`tessera-${name}`, handler);
    },
  };
  window.Tessera = api;
  for (const [method, args] of queued) {
    const fn = api[method];
    if (typeof fn === 'function') (fn as (...a: unknown[]) => void)(...Array.from(args));
  }
  return api;
}

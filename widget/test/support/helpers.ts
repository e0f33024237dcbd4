/** Helpers for the widget's browser tests: the real stack through server commands, mounting, waiting. */
import { executeServerCommand } from '@web/test-runner-commands';
import type { TesseraChat } from '../../src/index.js';
import '../../src/tessera-chat/tessera-chat.js';

export interface TestSite {
  siteKey: string;
  serviceUrl: string;
  siteId: string;
  tenantId: string;
}

export interface SiteOptions {
  site?: Record<string, unknown>;
  bot?: Record<string, unknown>;
  tenant?: Record<string, unknown>;
  /** Allowed origin; the test page's own by default. */
  origin?: string;
}

/** A fresh tenant, bot and site on the real service, allowed for this page's origin. */
export function createSite(options: SiteOptions = {}): Promise<TestSite> {
  return executeServerCommand('tessera-site', { origin: location.origin, ...options });
}

export function admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  return executeServerCommand('tessera-admin', { method, path, body });
}

/** Add an emulator fault rule (see packages-shared/cbk-emulator/README.md). */
export function fault(rule: Record<string, unknown>): Promise<{ id: string }> {
  return executeServerCommand('tessera-fault', rule);
}

export function clearFaults(): Promise<unknown> {
  return executeServerCommand('tessera-fault', { clear: true });
}

/** The emulator's log of completions, oldest first: how each upstream call ended (`outcome`). */
export function completions(): Promise<{ outcome: string; tokensSent: number; endedAt: number | null }[]> {
  return executeServerCommand('tessera-completions');
}

export function setOffline(offline: boolean): Promise<unknown> {
  return executeServerCommand('tessera-offline', { offline });
}

/** Poll until `check` returns something truthy (prefer this to fixed sleeps). */
export async function until<T>(check: () => T | null | undefined | false, what = 'condition', timeout = 10_000): Promise<T> {
  const start = performance.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (performance.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

export async function mount(
  site: TestSite,
  attrs: Record<string, string> = {},
  parent: HTMLElement = document.body,
): Promise<TesseraChat> {
  const el = document.createElement('tessera-chat');
  el.setAttribute('site-key', site.siteKey);
  el.setAttribute('service-url', site.serviceUrl);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  parent.append(el);
  await el.updateComplete;
  return el;
}

/** Mount and wait until the site config and the panel have loaded (the title is rendered). */
export async function mountReady(site: TestSite, attrs: Record<string, string> = {}, parent?: HTMLElement): Promise<TesseraChat> {
  const el = await mount(site, attrs, parent);
  await until(() => q(el, '.root') && !q(el, '.typing') && ready(el), 'config and panel');
  await el.updateComplete;
  return el;
}

/**
 * The config is in, and the panel too, unless the site is not enabled here. Floating, the panel is
 * made on intent (the idle time only fetches its module): asked for here as a hover would.
 */
function ready(el: TesseraChat): boolean {
  const { status } = el.session;
  if (status !== 'loading' && status !== 'disabled' && !el.panel) void el.loadPanel().catch(() => {});
  return status !== 'loading' && (status === 'disabled' || el.panel !== null);
}

export function q<T extends Element = HTMLElement>(el: Element, selector: string): T | null {
  return el.shadowRoot!.querySelector<T>(selector);
}

export function qa<T extends Element = HTMLElement>(el: Element, selector: string): T[] {
  return [...el.shadowRoot!.querySelectorAll<T>(selector)];
}

export function input(el: Element): HTMLTextAreaElement {
  return q<HTMLTextAreaElement>(el, 'textarea')!;
}

/** Type into the composer and press the send button. */
export async function typeAndSend(el: TesseraChat, text: string): Promise<void> {
  input(el).value = text;
  q<HTMLButtonElement>(el, '[part~="send-button"]')!.click();
  await el.updateComplete;
}

/** Bot bubbles' markdown bodies (the greeting excluded). */
export function botBodies(el: Element): HTMLElement[] {
  return qa(el, '.msg.bot .md');
}

export async function waitForAnswer(el: TesseraChat, count = 1): Promise<HTMLElement> {
  await until(() => botBodies(el).length >= count && !q(el, '[part~="stop-button"]'), 'answer', 15_000);
  return botBodies(el)[count - 1]!;
}

/**
 * Remove the widgets and forget stored conversations, but keep visitor sessions: the service limits
 * session mints per IP (600/min in the test stack, see stack-plugin.mjs), and most tests do not need a new visitor.
 */
export function cleanup(): void {
  document.querySelectorAll('tessera-chat').forEach((el) => {
    el.remove();
  });
  for (const key of Object.keys(localStorage)) {
    const record = JSON.parse(localStorage.getItem(key) ?? '{}');
    delete record.conversationId;
    localStorage.setItem(key, JSON.stringify(record));
  }
}

/**
 * What a reload meets once the answer it was reading is no longer kept (its log expired, or out of
 * reach): the stored answer is one the service does not know.
 */
export function loseAnswer(site: TestSite): void {
  const key = `tessera:${site.siteKey}`;
  const record = JSON.parse(localStorage.getItem(key) ?? '{}');
  record.answer.answerId = `an_${'0'.repeat(22)}`;
  localStorage.setItem(key, JSON.stringify(record));
}

/** Forget everything, visitors included. */
export function forgetAll(): void {
  document.querySelectorAll('tessera-chat').forEach((el) => {
    el.remove();
  });
  localStorage.clear();
}

export function events(target: EventTarget, ...types: string[]): CustomEvent[] {
  const seen: CustomEvent[] = [];
  for (const type of types) target.addEventListener(type, (e) => seen.push(e as CustomEvent));
  return seen;
}

/**
 * Someone using the portal, for tests: a browser's cookie jar of one (the `__Host-portal` session)
 * and its `Origin`, talking HTTP to the real service. Every answer is captured for the secret scan.
 */
import type { TestJson } from './json.js';

interface StackLike {
  url: string;
  portalSecrets: string[];
  fetch(path: string, init?: RequestInit): Promise<{ status: number; headers: Headers; text: string; json: TestJson }>;
}

export class PortalPerson {
  /** The session cookie's value, once signed in. */
  cookie: string | null = null;
  /** The Set-Cookie header of the last sign-in (to check its attributes). */
  lastSetCookie: string | null = null;

  constructor(private readonly stack: StackLike) {}

  get origin(): string {
    return new URL(this.stack.url).origin;
  }

  /** A request from the portal's page: its Origin, the session cookie, a JSON body. */
  async call(method: string, path: string, body?: unknown, extra: Record<string, string> = {}) {
    const headers: Record<string, string> = { origin: this.origin, ...extra };
    if (this.cookie) headers.cookie = `__Host-portal=${this.cookie}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await this.stack.fetch(path.startsWith('/') ? path : `/portal/api/${path}`, {
      method,
      headers,
      redirect: 'manual',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    this.keep(res.headers);
    return res;
  }

  /** Open an invite or sign-in link as a person would: the page (GET), then its button (POST). */
  async useLink(url: string) {
    const path = new URL(url).pathname;
    this.stack.portalSecrets.push(path.split('/').pop()!);
    const page = await this.call('GET', path);
    const used = await this.call('POST', path, undefined, { 'content-type': 'application/x-www-form-urlencoded' });
    return { page, used };
  }

  async signIn(email: string, password: string) {
    return this.call('POST', 'session', { email, password });
  }

  private keep(headers: Headers) {
    const set = headers.get('set-cookie');
    if (!set) return;
    const m = /__Host-portal=([^;]*)/.exec(set);
    if (!m) return;
    this.lastSetCookie = set;
    this.cookie = m[1] ? m[1] : null;
    if (this.cookie) this.stack.portalSecrets.push(this.cookie);
  }
}

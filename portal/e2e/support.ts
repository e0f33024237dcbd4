/**
 * The portal's end-to-end harness: the real service and the ChatBotKit emulator (the test kit's
 * stack) serving this package's build, on `localhost` (a passkey needs a domain: WebAuthn refuses an
 * IP address as relying party), and Debian's Chromium through playwright-core. Every page is
 * checked as it is seen: no CSP violation or script error, axe-core finds no WCAG 2.2 AA
 * violation, nothing wider than the screen; and a screenshot of it is kept under artifacts/.
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { type AddressInfo, createServer } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '@tessera/testkit/chromium';
import { Stack } from '@tessera/testkit';
import { expect } from 'vitest';

export const ARTIFACTS = join(import.meta.dirname, '../artifacts');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A real SMTP server on loopback (smtp-server), keeping every message it is given. */
export async function startMailbox() {
  const messages: { to: string[]; raw: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    /** The sign-in link of the newest message to `to` (quoted-printable soft breaks undone). */
    linkFor: (to: string) =>
      /https?:\/\/\S+\/portal\/links\/[\w-]{43}/.exec(
        messages
          .filter((m) => m.to.includes(to))
          .at(-1)
          ?.raw.replace(/=\r?\n/g, '') ?? '',
      )?.[0],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The stack, with the portal at http://localhost:PORT (and emailed links through `smtpUrl`). */
export async function startPortalStack(smtpUrl?: string): Promise<{ stack: Stack; portal: string }> {
  const port = await freePort();
  const portal = `http://localhost:${port}`;
  const stack = await Stack.start({
    port,
    env: {
      PORTAL_URL: portal,
      PORTAL_DIR: join(import.meta.dirname, '../dist'),
      ...(smtpUrl ? { SMTP_URL: smtpUrl, SMTP_FROM: 'portal@partner.example' } : {}),
    },
  });
  return { stack, portal };
}

export async function launch(): Promise<Browser> {
  await mkdir(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** A person's browser profile; every CSP violation and page error of its pages is kept in `problems`. */
export async function person(browser: Browser, opts: { width?: number; colorScheme?: 'light' | 'dark' } = {}) {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1280, height: 860 },
    reducedMotion: 'reduce',
    colorScheme: opts.colorScheme ?? 'light',
  });
  const problems: string[] = [];
  context.on('page', (page) => watch(page, problems));
  const page = await context.newPage();
  return { context, page, problems };
}

function watch(page: Page, problems: string[]) {
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) {
      // Where it happened: the page, and the script line that did it when Chromium knows.
      const at = m.location();
      problems.push(`csp: ${m.text()} (on ${page.url()}${at.url ? `, from ${at.url}:${at.lineNumber}` : ''})`);
    }
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
}

/** A passkey authenticator in this profile (Chromium's virtual one, through CDP): it answers by itself. */
export async function addVirtualAuthenticator(
  context: BrowserContext,
  page: Page,
): Promise<{ credentials(): Promise<unknown[]> }> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials,
  };
}

/** Wait until the page's main heading reads `name`. */
export async function heading(page: Page, name: string | RegExp) {
  await expect
    .poll(
      async () =>
        (
          await page
            .locator('h1')
            .first()
            .textContent()
            .catch(() => '')
        )?.trim(),
      { timeout: 15_000 },
    )
    .toMatch(name);
}

/**
 * Check the screen as it is now: axe-core (WCAG 2.0-2.2 A and AA) finds nothing, nothing is wider
 * than the window, and a screenshot is kept. axe runs through the DevTools protocol, which the
 * page's CSP does not govern; the page itself runs under its CSP.
 */
export async function checkScreen(page: Page, name: string) {
  await page.waitForLoadState('networkidle');
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (window as any).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations.map(
      (v: { id: string; nodes: { target: unknown }[] }) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`,
    );
  });
  expect(violations, `axe on ${name}`).toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, `portal-${name}.png`), fullPage: true });
  const width = page.viewportSize()!.width;
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  if (overflow > width) {
    const wide = await page.evaluate((w) => {
      const out: string[] = [];
      const walk = (root: Document | ShadowRoot) => {
        for (const el of root.querySelectorAll('*')) {
          const r = el.getBoundingClientRect();
          if (r.right > w + 1)
            out.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.left)}-${Math.round(r.right)}`);
          if (el.shadowRoot) walk(el.shadowRoot);
        }
      };
      walk(document);
      return out.slice(0, 8);
    }, width);
    expect.fail(`${name}: wider than the window (${overflow} px): ${wide.join('; ')}`);
  }
}

/** Every text of the page, shadow roots included (the app's screens are web components). */
export function deepText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const walk = (node: Node): string => {
      let text = '';
      for (const child of node.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) text += child.textContent;
        else if (child instanceof Element) {
          if (child.tagName === 'NOSCRIPT' || child.tagName === 'STYLE') continue;
          if (child.shadowRoot) text += walk(child.shadowRoot);
          text += walk(child);
        }
      }
      return text;
    };
    return walk(document.body).replace(/\s+/g, ' ');
  });
}

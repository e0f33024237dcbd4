/**
 * A web-test-runner plugin that runs the REAL token service and ChatBotKit emulator for the browser
 * tests: on serverStart it spawns the test kit's stack process (@tessera/testkit/stack-process,
 * found through the package, run with tsx), reads its one JSON line, keeps its stdin open (the
 * stack exits when stdin closes) and stops it on serverStop. Browser tests reach it through server commands
 * (`executeServerCommand` from @web/test-runner-commands):
 *
 *   tessera-stack    → {serviceUrl, emulatorUrl}
 *   tessera-site     {origin, site?, bot?, tenant?} → {siteKey, serviceUrl, siteId, tenantId}
 *   tessera-admin    {method, path, body?} → {status, body}     (admin API, with the admin token)
 *   tessera-fault    FaultRule | {clear: true} → {id} | {}      (emulator fault switches)
 *   tessera-completions → CompletionRecord[]                    (the emulator's completion log)
 *   tessera-offline  {offline: boolean} → true                  (navigator.onLine false + stack unreachable)
 *
 * It also serves /embed-page (the script-tag embed under a strict Content-Security-Policy header)
 * and /module-page (the ES module build).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const stackProcess = fileURLToPath(import.meta.resolve('@tessera/testkit/stack-process'));
/** The pre-load stub documented in README.md, and its CSP hash for pages that inline it. */
const STUB = readFileSync(new URL('./tessera-stub.js', import.meta.url), 'utf8').trim();
export const STUB_HASH = `'sha256-${createHash('sha256').update(STUB).digest('base64')}'`;

function startStack() {
  const child = spawn(process.execPath, ['--import', 'tsx', stackProcess], {
    stdio: ['pipe', 'pipe', 'inherit'],
    // The service's own limits, but for session mints per IP: a suite with the production 30 a
    // minute starts failing as its new-visitor tests (identity, screenshots, welcome screen) add up.
    env: { RATE_SESSIONS_PER_IP_PER_MINUTE: '600', ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'fatal' },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('test stack did not start within 90 s')), 90_000);
    child.once('exit', (code) => reject(new Error(`test stack exited early (code ${code})`)));
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      resolve({ child, ...JSON.parse(line) });
    });
  });
}

/** The page the CSP test loads in an iframe: only the embed snippet, under the documented policy. */
export function cspPolicy(serviceOrigin, extraScript = '') {
  return `default-src 'self'; script-src 'self' ${serviceOrigin}${extraScript}; connect-src ${serviceOrigin}; style-src 'self'; img-src 'self' ${serviceOrigin} data:`;
}

/**
 * /embed-page?siteKey=pk_…[&stub=file|inline][&existing=1][&csp=0]: a customer page holding only
 * the embed snippet (the built widget.js served by the service), under the documented CSP unless
 * csp=0; with the pre-load stub as a file, or inline with its hash added to script-src.
 * /module-page?siteKey=pk_…: a page using the ES module build with an inline element.
 */
function testPage(stack, url) {
  const siteKey = url.searchParams.get('siteKey') ?? '';
  if (!/^pk_[0-9A-Za-z]{22}$/.test(siteKey)) return { body: 'bad site key', type: 'txt' };
  const flag = (name) => url.searchParams.get(name) === '1';
  const head = '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Customer page</title>\n';
  if (url.pathname === '/module-page') {
    return {
      type: 'html',
      body: `${head}<script type="module" src="/dist/tessera-chat.js"></script></head><body><main><h1>Bundled</h1>
<div style="height:400px"><tessera-chat mode="inline" site-key="${siteKey}" service-url="${stack.serviceUrl}"></tessera-chat></div></main></body></html>`,
    };
  }
  const stub = url.searchParams.get('stub');
  const stubTags =
    stub === 'file'
      ? '<script src="/test/support/tessera-stub.js"></script><script src="/test/support/queued-calls.js"></script>'
      : stub === 'inline'
        ? `<script>${STUB}</script><script src="/test/support/queued-calls.js"></script>`
        : '';
  const body = `${head}<script src="/test/support/csp-probe.js"></script>
${stubTags}
</head><body><main><h1>A strict page</h1><p>Only the embed snippet below.</p>
${flag('existing') ? `<tessera-chat id="existing" site-key="${siteKey}" service-url="${stack.serviceUrl}"></tessera-chat>` : ''}
</main>
<script src="${stack.serviceUrl}/widget.js" data-site-key="${siteKey}" data-locale="en" async></script>
</body></html>`;
  const policy = cspPolicy(new URL(stack.serviceUrl).origin, stub === 'inline' ? ` ${STUB_HASH}` : '');
  const headers = url.searchParams.get('csp') === '0' ? {} : { 'content-security-policy': policy };
  return { body, type: 'html', headers };
}

export function stackPlugin() {
  let stack;
  let starting;
  const cdpSessions = {};
  const ensure = () => (starting ??= startStack().then((s) => (stack = s)));

  async function admin(method, path, body) {
    const res = await fetch(`${stack.serviceUrl}/admin/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  async function must(method, path, body) {
    const res = await admin(method, path, body);
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  return {
    name: 'tessera-stack',
    async serverStart() {
      await ensure();
    },
    async serverStop() {
      const child = stack?.child;
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
    serve(context) {
      if ((context.path === '/embed-page' || context.path === '/module-page') && stack) return testPage(stack, context.URL);
      return undefined;
    },
    async executeCommand({ command, payload, session }) {
      if (!command.startsWith('tessera-')) return undefined;
      await ensure();
      switch (command) {
        case 'tessera-stack':
          return { serviceUrl: stack.serviceUrl, emulatorUrl: stack.emulatorUrl };
        case 'tessera-site': {
          const p = payload ?? {};
          const tenant = await must('POST', '/tenants', { name: 'Widget test tenant', ...p.tenant });
          const bot = await must('POST', `/tenants/${tenant.id}/bots`, {
            name: 'Tess',
            backstory: 'You are Tess, the test assistant.\n- when ping: pong',
            ...p.bot,
          });
          const site = await must('POST', `/tenants/${tenant.id}/sites`, {
            name: 'widget-test',
            allowedOrigins: [p.origin],
            botId: bot.id,
            ...p.site,
          });
          return { siteKey: site.siteKey, siteId: site.id, tenantId: tenant.id, serviceUrl: stack.serviceUrl };
        }
        case 'tessera-admin':
          return admin(payload.method, payload.path, payload.body);
        case 'tessera-fault': {
          const url = `${stack.emulatorUrl}/_emulator/faults`;
          if (payload?.clear) {
            await fetch(url, { method: 'DELETE' });
            return {};
          }
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(payload),
          });
          if (!res.ok) throw new Error(`fault rejected: ${await res.text()}`);
          return res.json();
        }
        case 'tessera-completions': {
          const res = await fetch(`${stack.emulatorUrl}/_emulator/completions`);
          return (await res.json()).items;
        }
        case 'tessera-offline': {
          // DevTools' offline mode would also cut the test runner's own WebSocket. Instead: make
          // navigator.onLine false and block the stack's origins, leaving localhost:8000 alone.
          const page = session.browser.getPage(session.id);
          const cdp = (cdpSessions[session.id] ??= await page.createCDPSession());
          const offline = Boolean(payload?.offline);
          await cdp.send('Network.enable');
          await cdp.send('Network.overrideNetworkState', { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
          await cdp.send('Network.setBlockedURLs', { urls: offline ? [`${stack.serviceUrl}/*`, `${stack.emulatorUrl}/*`] : [] });
          return true;
        }
        default:
          throw new Error(`unknown command ${command}`);
      }
    },
  };
}

/**
 * The token-signing snippets of docs/identity.md, run as a customer runs them (`node
 * docs/identity/sign-token.mjs`, `python3 docs/identity/sign_token.py`, with SECRET, SITE_KEY,
 * USER_ID, NAME and EMAIL in the environment), and their tokens used against the real service: each
 * opens an identified session, the same USER_ID is the same visitor whichever language signed, and a
 * token signed with the wrong secret is refused with identity_invalid. The doc shows the same code.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Wire } from '@tessera/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Stack } from '../support/stack.js';

const run = promisify(execFile);
const DOCS = join(import.meta.dirname, '../../../docs/identity');
const SNIPPETS = {
  node: ['node', [join(DOCS, 'sign-token.mjs')]],
  python: ['python3', [join(DOCS, 'sign_token.py')]],
} as const;
const ORIGIN = 'https://shop.example';
let stack: Stack;
let site: Wire.Site;
let secret: string;

beforeAll(async () => {
  stack = await Stack.start();
  ({ site } = await stack.seedCustomer({ origins: [ORIGIN] }));
  const made = await stack.admin('POST', `/sites/${site.id}/identity-secret`, {});
  expect(made.status).toBe(201);
  secret = made.json.secret;
  stack.portalSecrets.push(secret); // never in a log line (findLeaks)
});
afterAll(async () => {
  expect(stack.findLeaks()).toEqual([]);
  await stack.close();
});

/** The token a snippet prints for this environment (only what the snippet needs: no inherited secrets). */
async function sign(snippet: keyof typeof SNIPPETS, env: Record<string, string>): Promise<string> {
  const [command, args] = SNIPPETS[snippet];
  const { stdout, stderr } = await run(command, [...args], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 15_000 });
  expect(stderr).toBe('');
  return stdout.trim();
}

/** A session opened with the identity token, as the widget opens it; the token must never reach a log line. */
function session(identity: string) {
  stack.portalSecrets.push(identity);
  return stack.session(site.siteKey, ORIGIN, { identity });
}

describe('the documented snippets', () => {
  it.each(Object.keys(SNIPPETS) as (keyof typeof SNIPPETS)[])(
    '%s: prints a compact HS256 JWT with the documented claims',
    async (snippet) => {
      const token = await sign(snippet, { SECRET: secret, SITE_KEY: site.siteKey, USER_ID: 'user-7', NAME: 'Åsa Berg' });
      expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      const [header, payload] = token
        .split('.')
        .slice(0, 2)
        .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
      expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
      expect(payload).toMatchObject({ sub: 'user-7', aud: site.siteKey, name: 'Åsa Berg' });
      expect(payload.exp - payload.iat).toBeGreaterThan(0);
      expect(payload.exp - payload.iat).toBeLessThanOrEqual(600);
      expect('email' in payload).toBe(false);
    },
  );

  it('both tokens open an identified session, and the same USER_ID is the same visitor', async () => {
    const env = { SECRET: secret, SITE_KEY: site.siteKey, USER_ID: '4711', NAME: 'Ada Lovelace', EMAIL: 'ada@example.com' };
    const [byNode, byPython] = await Promise.all([session(await sign('node', env)), session(await sign('python', env))]);
    expect([byNode.status, byNode.json.identified], byNode.text).toEqual([201, true]);
    expect([byPython.status, byPython.json.identified], byPython.text).toEqual([201, true]);
    expect(byPython.json.visitorId).toBe(byNode.json.visitorId);

    // Another user is another visitor; an anonymous visitor is not identified.
    const other = await session(await sign('python', { ...env, USER_ID: '4712' }));
    expect([other.status, other.json.visitorId === byNode.json.visitorId]).toEqual([201, false]);
    const anonymous = await stack.visitor(site.siteKey, ORIGIN);
    expect(anonymous.visitorId).not.toBe(byNode.json.visitorId);
  });

  it.each(Object.keys(SNIPPETS) as (keyof typeof SNIPPETS)[])(
    '%s: a token signed with a wrong SECRET is refused with identity_invalid',
    async (snippet) => {
      const wrong = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
      const token = await sign(snippet, { SECRET: wrong, SITE_KEY: site.siteKey, USER_ID: '4711' });
      const res = await session(token);
      expect([res.status, res.json.error.code]).toEqual([401, 'identity_invalid']);
    },
  );

  it('a token signed for another site is refused with identity_wrong_site', async () => {
    const token = await sign('node', { SECRET: secret, SITE_KEY: `pk_${'x'.repeat(22)}`, USER_ID: '4711' });
    const res = await session(token);
    expect([res.status, res.json.error.code]).toEqual([401, 'identity_wrong_site']);
  });

  it('docs/identity.md shows each snippet as the file the tests run, word for word', () => {
    const doc = readFileSync(join(DOCS, '../identity.md'), 'utf8');
    for (const [, [, [file]]] of Object.entries(SNIPPETS)) expect(doc, file).toContain(readFileSync(file, 'utf8'));
  });

  it('without the required variables, each snippet says what to set and fails', async () => {
    for (const snippet of Object.keys(SNIPPETS) as (keyof typeof SNIPPETS)[]) {
      const failed = await sign(snippet, { SITE_KEY: site.siteKey }).catch((err: { code: number; stderr: string }) => err);
      expect(typeof failed === 'object' && failed.code, snippet).toBe(1);
      expect((failed as { stderr: string }).stderr, snippet).toContain('Set SECRET, SITE_KEY and USER_ID');
    }
  });
});

/** The partner CLI against a running service: onboarding without writing HTTP calls. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { Stack } from '../support/stack.js';

let stack: Stack;

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(
    argv,
    (s) => out.push(s),
    (s) => err.push(s),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  stack = await Stack.start();
  process.env.TESSERA_URL = stack.url;
  process.env.TESSERA_ADMIN_TOKEN = stack.adminToken;
});
afterAll(async () => {
  delete process.env.TESSERA_URL;
  delete process.env.TESSERA_ADMIN_TOKEN;
  await stack.close();
});

describe('pnpm tessera', () => {
  it('onboards a customer step by step and prints the snippet', async () => {
    const tenant = await cli('tenants', 'create', '--name', 'Acme Dental', '--messages-per-day', '1000', '--json');
    expect(tenant.code).toBe(0);
    const tenantId = JSON.parse(tenant.out).id;
    const bot = await cli('bots', 'create', tenantId, '--name', 'Smile', '--backstory', 'You help patients.', '--json');
    expect(bot.code).toBe(0);
    const botId = JSON.parse(bot.out).id;
    const site = await cli(
      'sites',
      'create',
      tenantId,
      '--name',
      'acme-dental.example',
      '--origin',
      'https://acme-dental.example',
      '--origin',
      'https://www.acme-dental.example',
      '--bot',
      botId,
      '--prompt',
      'Book a visit',
      '--theme',
      '{"accentColor":"#2563eb"}',
    );
    expect(site.code).toBe(0);
    expect(site.out).toMatch(/siteKey: pk_/);
    expect(site.out).toContain(`<script src="${stack.url}/widget.js" data-site-key="pk_`);
    const list = await cli('tenants', 'list');
    expect(list.out).toContain('Acme Dental');
    expect(list.out.split('\n')[0]).toMatch(/^id\s+name\s+status\s+quotas/);
  });

  it('onboards in one step', async () => {
    const res = await cli('onboard', '--name', 'Bikes', '--origin', 'https://bikes.example', '--backstory', 'Bikes!', '--json');
    expect(res.code).toBe(0);
    const { site } = JSON.parse(res.out);
    expect(site.allowedOrigins).toEqual(['https://bikes.example']);
    const session = await stack.session(site.siteKey, 'https://bikes.example');
    expect(session.status).toBe(201);
  });

  it('reports API errors with their code, and usage errors with exit 2', async () => {
    const bad = await cli(
      'sites',
      'create',
      'tn_0000000000000000000000',
      '--name',
      'x',
      '--origin',
      'https://x.example',
      '--bot',
      'b',
    );
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^error: tenant_not_found/);
    const invalid = await cli('tenants', 'create', '--name', '');
    expect(invalid.code).toBe(2);
    const tenantsBefore = (await stack.admin('GET', '/tenants')).json.items.length;
    const origin = await cli('onboard', '--name', 'X', '--origin', 'not-an-origin');
    expect(origin.code).toBe(2);
    expect(origin.err).toContain('--origin not-an-origin');
    expect((await stack.admin('GET', '/tenants')).json.items.length).toBe(tenantsBefore);
    expect((await cli('tenants', 'fly')).code).toBe(2);
    expect((await cli('tenants', 'get')).code).toBe(2);
    expect((await cli('tenants', 'list', '--bogus')).code).toBe(2);
  });

  it('runs as a command', async () => {
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'src/cli/main.ts', 'tenants', 'list', '--json'], {
      env: { ...process.env },
    });
    expect(JSON.parse(stdout).items.length).toBeGreaterThan(0);
  });
});

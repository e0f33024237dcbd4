/** The partner CLI against a running service: onboarding without writing HTTP calls. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { Stack } from '../support/stack.js';

let stack: Stack;
/** A directory other than token-service/ to run the CLI from, holding a backstory file. */
let elsewhere: string;
const BACKSTORY = 'You help the customers of Relative Bikes.\nBe brief.';
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

async function cli(...argv: string[]) {
  return cliIn(undefined, ...argv);
}

/** The CLI as `pnpm tessera` starts it from directory `initCwd` (pnpm sets INIT_CWD to it). */
async function cliIn(initCwd: string | undefined, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const env = initCwd ? { ...process.env, INIT_CWD: initCwd } : process.env;
  const code = await run(
    argv,
    (s) => out.push(s),
    (s) => err.push(s),
    env,
  );
  return { code, out: out.join('\n'), err: err.join('\n'), errLines: err.join('\n').split('\n') };
}

/**
 * The repository's real root script, as a partner types it in the repository root. Asynchronous:
 * the service it calls runs in this process. No install before the run (the tree is shared).
 */
function tessera(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, TESSERA_URL: stack.url, TESSERA_ADMIN_TOKEN: stack.adminToken };
  return new Promise((resolve) => {
    execFile(
      'pnpm',
      ['tessera', ...argv],
      { cwd: ROOT, env: { ...env, pnpm_config_verify_deps_before_run: 'false' } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

/**
 * Every stderr line of a `pnpm tessera` run. `tessera` is a bin (demo/bin/tessera.mjs), not a
 * package script: pnpm (12.4.2) adds an echoed `$ <script>` and `[ELIFECYCLE] Command failed with
 * exit code N.` around any failing script, whatever its flags, but nothing around a bin. So what
 * the user sees is the CLI's own lines only, and its own exit code.
 */
function cliLines(stderr: string): string[] {
  return stderr.split('\n').filter(Boolean);
}

/** Every tenant the service knows (deleted ones too) and every sub-account in the emulator. */
async function world() {
  const tenants = (await stack.admin('GET', '/tenants?includeDeleted=true')).json.items.length as number;
  return { tenants, subAccounts: stack.users().length };
}

beforeAll(async () => {
  elsewhere = await mkdtemp(join(tmpdir(), 'tessera-cli-'));
  await writeFile(join(elsewhere, 'backstory.txt'), BACKSTORY);
  stack = await Stack.start();
  process.env.TESSERA_URL = stack.url;
  process.env.TESSERA_ADMIN_TOKEN = stack.adminToken;
});
afterAll(async () => {
  delete process.env.TESSERA_URL;
  delete process.env.TESSERA_ADMIN_TOKEN;
  await stack.close();
  await rm(elsewhere, { recursive: true, force: true });
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

  it('shows usage per day with answers and ratings, the totals, and each site; or one site', async () => {
    const res = await cli('onboard', '--name', 'Counted', '--origin', 'https://counted.example', '--backstory', 'Hi', '--json');
    const { tenant, site } = JSON.parse(res.out);
    const visitor = await stack.visitor(site.siteKey, 'https://counted.example');
    const { json } = await visitor.createConversation();
    await visitor.ask(json.conversationId, 'When are you open?');
    const all = await cli('usage', 'show', tenant.id);
    expect(all.code).toBe(0);
    const lines = all.out.split('\n');
    expect(lines[0]).toMatch(
      /^day\s+sessions\s+conversations\s+messages\s+answersCompleted\s+answersFailed\s+thumbsUp\s+thumbsDown$/,
    );
    expect(lines[1]).toMatch(/^\d{4}-\d{2}-\d{2}\s+1\s+1\s+1\s+1\s+0\s+0\s+0$/);
    expect(all.out).toContain('totals  sessions=1 conversations=1 messages=1 answersCompleted=1');
    expect(all.out).toMatch(new RegExp(`${site.id}\\s+Counted\\s+1\\s+1\\s+1\\s+1\\s+0\\s+0\\s+0`));
    const one = await cli('usage', 'show', tenant.id, '--site', site.id, '--json');
    expect(JSON.parse(one.out)).toMatchObject({ siteId: site.id, totals: { answersCompleted: 1 } });
    const foreign = await cli('usage', 'show', tenant.id, '--site', 'st_0000000000000000000000');
    expect([foreign.code, foreign.err]).toEqual([1, expect.stringContaining('site_not_found')]);
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

describe('paths are relative to where the command was run', () => {
  it("reads --backstory-file from the caller's directory (INIT_CWD), not token-service/", async () => {
    const res = await cliIn(
      elsewhere,
      'onboard',
      '--name',
      'Relative Bikes',
      '--origin',
      'https://relative.example',
      '--backstory-file',
      'backstory.txt',
      '--json',
    );
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    const { tenant, bot } = JSON.parse(res.out);
    expect(stack.emulator.state.bots.get(bot.id)?.backstory).toBe(BACKSTORY);
    const second = await cliIn(
      elsewhere,
      'bots',
      'create',
      tenant.id,
      '--name',
      'Second',
      '--backstory-file',
      './backstory.txt',
      '--json',
    );
    expect(second.code).toBe(0);
    expect(stack.emulator.state.bots.get(JSON.parse(second.out).id)?.backstory).toBe(BACKSTORY);
  });

  it('a missing file is one line naming the path as typed and as resolved, exit 2, and nothing is created', async () => {
    const before = await world();
    const res = await cliIn(
      elsewhere,
      'onboard',
      '--name',
      'Nobody',
      '--origin',
      'https://nobody.example',
      '--backstory-file',
      './missing.txt',
    );
    expect(res.code).toBe(2);
    expect(res.errLines).toEqual([`error: --backstory-file ./missing.txt: no such file (${join(elsewhere, 'missing.txt')})`]);
    expect(res.out).toBe('');
    expect(await world()).toEqual(before);
  });

  it("reads TESSERA_ADMIN_TOKEN_FILE from the caller's directory, and says which file when it is missing", async () => {
    await writeFile(join(elsewhere, 'admin-token'), `${stack.adminToken}\n`);
    const env = { ...process.env, INIT_CWD: elsewhere, TESSERA_ADMIN_TOKEN: '', TESSERA_ADMIN_TOKEN_FILE: 'admin-token' };
    const out: string[] = [];
    expect(
      await run(
        ['keys', 'list', '--json'],
        (s) => out.push(s),
        () => {},
        env,
      ),
    ).toBe(0);
    expect(JSON.parse(out.join('')).items.length).toBeGreaterThan(0);
    const err: string[] = [];
    const missing = { ...env, TESSERA_ADMIN_TOKEN_FILE: 'nope' };
    expect(
      await run(
        ['keys', 'list'],
        () => {},
        (s) => err.push(s),
        missing,
      ),
    ).toBe(2);
    expect(err).toEqual([
      expect.stringMatching(
        new RegExp(`^error: no admin token: TESSERA_ADMIN_TOKEN_FILE nope: no such file \\(${join(elsewhere, 'nope')}\\)`),
      ),
    ]);
  });
});

describe('onboarding is all or nothing', () => {
  it('an onboarding whose bot fails upstream leaves no tenant and no sub-account behind', async () => {
    const before = await world();
    stack.emulator.faults.add({ fault: { kind: 'status', status: 500 }, path: '/bot/create$', times: 1 });
    try {
      const res = await cli('onboard', '--name', 'Half Done', '--origin', 'https://half.example', '--backstory', 'Hi.');
      expect(res.code).toBe(1);
      expect(res.errLines).toEqual([expect.stringMatching(/^error: upstream_error: /)]);
    } finally {
      stack.emulator.faults.clear();
    }
    expect(await world()).toEqual(before);
    expect((await stack.admin('GET', '/tenants')).json.items.map((t: { name: string }) => t.name)).not.toContain('Half Done');
    // Nothing was left to clean up: the same onboarding simply works the second time.
    expect((await cli('onboard', '--name', 'Half Done', '--origin', 'https://half.example')).code).toBe(0);
  });

  it('an invalid onboarding is refused before anything exists, one indented line per issue', async () => {
    const before = await world();
    const long = 'x'.repeat(600);
    const res = await cli('onboard', '--name', 'Too Long', '--origin', 'https://long.example', '--greeting', long);
    expect(res.code).toBe(1);
    expect(res.errLines[0]).toMatch(/^error: invalid_request: /);
    expect(res.errLines.slice(1)).toEqual([expect.stringMatching(/^ {2}site\.greeting: /)]);
    expect(await world()).toEqual(before);
  });
});

describe('usage mistakes: one line, exit 2', () => {
  it('an unknown command names the closest one', async () => {
    const res = await cli('tenant', 'lis');
    expect(res.code).toBe(2);
    expect(res.errLines).toEqual(['error: unknown command "tenant lis" (did you mean "tenants list"? run pnpm tessera --help)']);
    expect(res.out).toBe('');
    const group = await cli('sites', 'fly');
    expect(group.code).toBe(2);
    expect(group.errLines).toEqual([
      'error: unknown command "sites fly" (sites takes one of: list, create, get, update, suspend, activate, rotate-key, identity-secret, identity-keys, identity-key-add, identity-key-remove; run pnpm tessera --help)',
    ]);
  });

  it('an unknown flag names the closest one', async () => {
    const res = await cli('tenants', 'list', '--include-delted');
    expect(res.code).toBe(2);
    expect(res.errLines).toEqual([
      'error: unknown flag --include-delted for "tenants list" (did you mean --include-deleted? run pnpm tessera tenants list --help)',
    ]);
    const other = await cli('tenants', 'list', '--bogus');
    expect(other.code).toBe(2);
    expect(other.errLines).toEqual([expect.stringMatching(/^error: unknown flag --bogus for "tenants list" \(its flags: /)]);
  });

  it('a missing argument or flag value is one line', async () => {
    expect((await cli('tenants', 'get')).errLines).toEqual(['error: missing <tenant-id>: pnpm tessera tenants get <tenant-id>']);
    expect((await cli('tenants', 'create', '--name')).errLines).toEqual([
      'error: --name needs a value (run pnpm tessera tenants create --help)',
    ]);
  });
});

describe("pnpm tessera in the repository (the demo package's bin)", () => {
  it('onboards with a --backstory-file relative to the repository root', async () => {
    const typed = relative(ROOT, join(elsewhere, 'backstory.txt'));
    const res = await tessera(
      'onboard',
      '--name',
      'Root Bikes',
      '--origin',
      'https://root.example',
      '--backstory-file',
      typed,
      '--json',
    );
    expect(cliLines(res.stderr)).toEqual([]);
    expect(res.code).toBe(0);
    const { bot } = JSON.parse(res.stdout);
    expect(stack.emulator.state.bots.get(bot.id)?.backstory).toBe(BACKSTORY);
  });

  it('keeps exit code 2 for a usage mistake, and the CLI says it in one line', async () => {
    const res = await tessera('tenant', 'lis');
    expect(res.code).toBe(2);
    expect(cliLines(res.stderr)).toEqual([
      'error: unknown command "tenant lis" (did you mean "tenants list"? run pnpm tessera --help)',
    ]);
    expect(res.stdout).toBe('');
    const missing = await tessera('onboard', '--name', 'X', '--origin', 'https://x.example', '--backstory-file', 'no/such.txt');
    expect(missing.code).toBe(2);
    expect(cliLines(missing.stderr)).toEqual([
      `error: --backstory-file no/such.txt: no such file (${join(ROOT, 'no/such.txt')})`,
    ]);
  });

  it('keeps exit code 1 when the service refuses', async () => {
    const res = await tessera('tenants', 'get', 'tn_0000000000000000000000');
    expect(res.code).toBe(1);
    expect(cliLines(res.stderr)).toEqual([expect.stringMatching(/^error: tenant_not_found: /)]);
  });
});

describe('sites update --theme', () => {
  it('is a JSON merge patch: named settings change, the others stay, null removes one', async () => {
    const res = await cli('onboard', '--name', 'Theme Co', '--origin', 'https://theme.example', '--json');
    const siteId: string = JSON.parse(res.out).site.id;
    const theme = async () => (await stack.admin('GET', `/sites/${siteId}`)).json.theme;
    expect(
      (await cli('sites', 'update', siteId, '--theme', '{"accentColor":"#2563eb","radius":12,"colorScheme":"dark"}')).code,
    ).toBe(0);
    expect((await cli('sites', 'update', siteId, '--theme', '{"accentColor":"#112233"}')).code).toBe(0);
    expect(await theme()).toEqual({ accentColor: '#112233', radius: 12, colorScheme: 'dark' });
    expect((await cli('sites', 'update', siteId, '--theme', '{"radius":null}', '--title', 'Theme Co')).code).toBe(0);
    expect(await theme()).toEqual({ accentColor: '#112233', colorScheme: 'dark' });
  });

  it('takes only a JSON object (one line, exit 2, nothing changed)', async () => {
    const res = await cli('onboard', '--name', 'Strict Theme', '--origin', 'https://strict.example', '--json');
    const siteId: string = JSON.parse(res.out).site.id;
    await cli('sites', 'update', siteId, '--theme', '{"accentColor":"#2563eb"}');
    for (const bad of ['null', '[1]', '"#112233"', '{accentColor:1}']) {
      const r = await cli('sites', 'update', siteId, '--theme', bad);
      expect(r.code).toBe(2);
      expect(r.errLines).toEqual([expect.stringMatching(/^error: --theme (must be a JSON object|is not JSON)/)]);
    }
    expect((await stack.admin('GET', `/sites/${siteId}`)).json.theme).toEqual({ accentColor: '#2563eb' });
  });

  it('says so in its help', async () => {
    const res = await cli('sites', 'update', '--help');
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/JSON merge patch/);
    expect(res.out).toContain(`--theme '{"accentColor":"#112233"}'`);
    expect(res.out).toMatch(/null removes a setting/);
    expect(res.out).toContain(`--translations '{"fr":{"greeting":"Bonjour !"}}'`);
  });
});

describe('sites update --translations', () => {
  it("is a JSON merge patch of the texts per language: one language's text changes, null removes a text or a language", async () => {
    const res = await cli('onboard', '--name', 'Texts Co', '--origin', 'https://texts.example', '--json');
    const siteId: string = JSON.parse(res.out).site.id;
    const site = async () => (await stack.admin('GET', `/sites/${siteId}`)).json;
    const set = await cli(
      'sites',
      'update',
      siteId,
      '--translations',
      '{"fr":{"greeting":"Bonjour !","title":"Aide"},"de":{"title":"Hilfe"}}',
    );
    expect(set.code, set.err).toBe(0);
    expect((await cli('sites', 'update', siteId, '--translations', '{"fr":{"title":null}}', '--greeting', 'Hello')).code).toBe(0);
    expect(await site()).toMatchObject({
      greeting: 'Hello',
      translations: { fr: { greeting: 'Bonjour !' }, de: { title: 'Hilfe' } },
    });
    expect((await cli('sites', 'update', siteId, '--translations', '{"de":null}')).code).toBe(0);
    expect((await site()).translations).toEqual({ fr: { greeting: 'Bonjour !' } });
  });

  it("passes the service's refusal on with the field's path", async () => {
    const res = await cli('onboard', '--name', 'Bad Texts', '--origin', 'https://bad-texts.example', '--json');
    const siteId: string = JSON.parse(res.out).site.id;
    const bad = await cli('sites', 'update', siteId, '--translations', '{"fr_FR":{"greeting":"Bonjour"}}');
    expect(bad.code).toBe(1);
    expect(bad.errLines.slice(1)).toEqual([expect.stringMatching(/^ {2}translations\.fr_FR: must be a language tag/)]);
    const notJson = await cli('sites', 'update', siteId, '--translations', 'fr');
    expect([notJson.code, notJson.errLines]).toEqual([2, [expect.stringMatching(/^error: --translations is not JSON/)]]);
  });
});

describe('--subtitle', () => {
  it("sets the site's subtitle when onboarding and in a change; none clears it; the widget's config says so", async () => {
    const origin = 'https://subtitle.example';
    const res = await cli(
      'onboard',
      '--name',
      'Sub Co',
      '--origin',
      origin,
      '--subtitle',
      'AI assistant · answers instantly',
      '--json',
    );
    expect(res.code, res.err).toBe(0);
    const { site } = JSON.parse(res.out);
    expect(site.subtitle).toBe('AI assistant · answers instantly');
    const config = async () => (await stack.fetch(`/v1/sites/${site.siteKey}/config`, { headers: { origin } })).json;
    expect((await cli('sites', 'update', site.id, '--subtitle', 'Replies in a minute')).code).toBe(0);
    expect((await config()).subtitle).toBe('Replies in a minute');
    expect((await cli('sites', 'update', site.id, '--title', 'Help')).code).toBe(0);
    expect((await stack.admin('GET', `/sites/${site.id}`)).json).toMatchObject({
      title: 'Help',
      subtitle: 'Replies in a minute',
    });
    expect((await cli('sites', 'update', site.id, '--subtitle', 'none')).code).toBe(0);
    expect((await config()).subtitle).toBeNull();
  });

  it("passes the service's refusal on with the field's path", async () => {
    const res = await cli('onboard', '--name', 'Long Sub', '--origin', 'https://long-sub.example', '--json');
    const siteId: string = JSON.parse(res.out).site.id;
    const bad = await cli('sites', 'update', siteId, '--subtitle', 'x'.repeat(81));
    expect(bad.code).toBe(1);
    expect(bad.errLines.slice(1)).toEqual(['  subtitle: must be at most 80 characters']);
  });
});

describe('portal people from the CLI', () => {
  it('invites the first operator: a sign-up link that signs in, recorded in the audit log as the CLI', async () => {
    const res = await cli('operators', 'invite', '--email', 'first@partner.example', '--json');
    expect(res.code, res.err).toBe(0);
    const invite = JSON.parse(res.out);
    expect(invite).toMatchObject({
      email: 'first@partner.example',
      inviteUrl: expect.stringMatching(/\/portal\/links\/[\w-]{43}$/),
    });
    const op = stack.person();
    expect((await op.useLink(invite.inviteUrl)).used.status).toBe(303);
    expect((await op.call('GET', 'me')).json.kind).toBe('operator');
    const audit = await stack.admin('GET', '/audit?action=inviteOperator&limit=1');
    expect(audit.json.items[0].actor).toBe('admin-api (cli)');
    expect((await cli('operators', 'invite')).code).toBe(2);
  });

  it("invites a tenant's member and hands them a login link", async () => {
    const { tenant } = await stack.seedCustomer({ name: 'CLI Members' });
    const invited = await cli('members', 'invite', tenant.id, '--email', 'owner@cli.example', '--role', 'owner', '--json');
    expect(invited.code, invited.err).toBe(0);
    const { id } = JSON.parse(invited.out);
    expect((await cli('members', 'list', tenant.id)).out).toContain('owner@cli.example');
    const link = await cli('members', 'login-link', tenant.id, id, '--json');
    expect(link.code, link.err).toBe(0);
    const person = stack.person();
    expect((await person.useLink(JSON.parse(link.out).url)).used.status).toBe(303);
    expect((await person.call('GET', 'me')).json.memberships[0]).toMatchObject({ tenantId: tenant.id, role: 'owner' });
    expect((await cli('members', 'invite', tenant.id, '--email', 'x@cli.example', '--role', 'admin')).code).toBe(2);
  });
});

/**
 * `pnpm tessera <group> <action> [args] [--flags]`: onboard and manage customers without writing
 * HTTP calls. Talks to the admin API at TESSERA_URL (default http://127.0.0.1:8787) with
 * TESSERA_ADMIN_TOKEN, falling back to the token the demo wrote into its data directory.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_TOKEN_FILE } from '../lib/demo-token.js';
import { AdminApiError, AdminClient } from './client.js';
import { COMMANDS, UsageError, type Flags } from './commands.js';
import { render } from './format.js';

function help(): string {
  const width = Math.max(...Object.entries(COMMANDS).map(([n, c]) => `${n} ${c.args.map((a) => `<${a}>`).join(' ')}`.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => {
    const usage = `${name} ${c.args.map((a) => `<${a}>`).join(' ')}`.padEnd(width);
    const flags = Object.keys(c.flags)
      .map((f) => `--${f}`)
      .join(' ');
    return `  ${usage}  ${c.summary}${flags ? `\n  ${''.padEnd(width)}  flags: ${flags}` : ''}`;
  });
  return [
    'Usage: pnpm tessera <command> [arguments] [--flags] [--json]',
    '',
    'Commands:',
    ...lines,
    '',
    'Environment: TESSERA_URL (default http://127.0.0.1:8787), TESSERA_ADMIN_TOKEN',
    '(defaults to the token a local demo generated, e.g. demo/data/emulator/demo-admin-token).',
  ].join('\n');
}

// Where a locally running demo keeps its generated admin token: the demo (`pnpm start`) and the
// service's own demo mode (`pnpm --filter @tessera/token-service start`).
const REPO = join(import.meta.dirname, '../../..');
const DEMO_TOKEN_FILES = [join(REPO, 'demo/data/emulator', DEMO_TOKEN_FILE), join(REPO, 'token-service/data', DEMO_TOKEN_FILE)];

async function adminToken(): Promise<string | null> {
  if (process.env.TESSERA_ADMIN_TOKEN) return process.env.TESSERA_ADMIN_TOKEN;
  const files = process.env.TESSERA_DATA_DIR ? [join(process.env.TESSERA_DATA_DIR, DEMO_TOKEN_FILE)] : DEMO_TOKEN_FILES;
  for (const file of files) {
    try {
      return (await readFile(file, 'utf8')).trim();
    } catch {
      // not there: try the next
    }
  }
  return null;
}

export async function run(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const words = argv.filter((a) => !a.startsWith('-'));
  const name = [`${words[0]} ${words[1]}`, words[0]].find((n) => n && COMMANDS[n]);
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    out(help());
    return 0;
  }
  if (!name) {
    err(`error: unknown command "${words.slice(0, 2).join(' ')}"\n\n${help()}`);
    return 2;
  }
  const command = COMMANDS[name]!;
  let positionals: string[];
  let values: Flags;
  try {
    const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = { json: { type: 'boolean' } };
    for (const [flag, kind] of Object.entries(command.flags)) {
      options[flag] = kind === 'multiple' ? { type: 'string', multiple: true } : { type: kind };
    }
    const parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    positionals = parsed.positionals;
    values = parsed.values as Flags;
  } catch (e) {
    err(`error: ${(e as Error).message}\n\n${help()}`);
    return 2;
  }
  const args = positionals.slice(name.split(' ').length);
  if (args.length !== command.args.length) {
    err(`error: ${name} takes ${command.args.map((a) => `<${a}>`).join(' ') || 'no arguments'}`);
    return 2;
  }
  const token = await adminToken();
  if (!token) {
    err('error: set TESSERA_ADMIN_TOKEN (the admin token the service was started with)');
    return 2;
  }
  const api = new AdminClient((process.env.TESSERA_URL ?? 'http://127.0.0.1:8787').replace(/\/+$/, ''), token);
  try {
    const result = await command.run(api, args, values);
    out(values.json ? JSON.stringify(result, null, 2) : render(name, result));
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      err(`error: ${e.message}`);
      return 2;
    }
    if (e instanceof AdminApiError) {
      err(`error: ${e.code}: ${e.message}`);
      for (const i of e.issues) err(`  ${i.path}: ${i.message}`);
      return 1;
    }
    throw e;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run(
    process.argv.slice(2),
    (s) => console.log(s),
    (s) => console.error(s),
  ).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`error: ${(e as Error).message}`);
      process.exit(1);
    },
  );
}

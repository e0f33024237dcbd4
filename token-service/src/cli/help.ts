/** The CLI's help: every command (`pnpm tessera --help`), or one with its flags (`… <command> --help`). */
import type { Command } from './commands.js';
import type { FlagKind } from './parse.js';

const usage = (name: string, c: Command) => `${name} ${c.args.map((a) => `<${a}>`).join(' ')}`.trimEnd();

const VALUES: Record<string, string> = {
  origin: 'origin',
  theme: 'json',
  status: 'active|suspended',
  'messages-per-day': 'number|none',
  from: 'YYYY-MM-DD',
  to: 'YYYY-MM-DD',
};

function flagLine(flag: string, kind: FlagKind): string {
  if (kind === 'boolean') return `  --${flag}`;
  const value = kind === 'file' ? 'path' : (VALUES[flag] ?? 'text');
  return `  --${flag} <${value}>${kind === 'multiple' ? ' (repeat for more)' : ''}`;
}

export function help(commands: Record<string, Command>): string {
  const width = Math.max(...Object.entries(commands).map(([n, c]) => usage(n, c).length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${usage(name, c).padEnd(width)}  ${c.summary}`);
  return [
    'Usage: pnpm tessera <command> [arguments] [--flags] [--json]',
    '',
    'Commands:',
    ...lines,
    '',
    "pnpm tessera <command> --help shows its flags. --json prints the service's answer as JSON.",
    'Paths (--backstory-file) are relative to the directory you run the command from.',
    "Exit codes: 0 done, 1 the service refused or failed (the error's code and message), 2 a usage mistake.",
    'Environment: TESSERA_URL (default http://127.0.0.1:8787), and TESSERA_ADMIN_TOKEN or',
    "TESSERA_ADMIN_TOKEN_FILE (a file holding it; `pnpm tessera` in the repository points it at the local demo's).",
  ].join('\n');
}

export function commandHelp(name: string, c: Command): string {
  const flags = Object.entries(c.flags).map(([f, kind]) => flagLine(f, kind));
  return [
    `Usage: pnpm tessera ${usage(name, c)}${flags.length ? ' [--flags]' : ''} [--json]`,
    '',
    c.summary,
    ...(c.details ? ['', ...c.details] : []),
    ...(flags.length ? ['', 'Flags:', ...flags] : []),
  ].join('\n');
}

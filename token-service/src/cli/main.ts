/**
 * `pnpm tessera <group> <action> [args] [--flags]`: onboard and manage customers without writing
 * HTTP calls. Talks to the admin API at TESSERA_URL (default http://127.0.0.1:8787) with
 * TESSERA_ADMIN_TOKEN, or the token in the file TESSERA_ADMIN_TOKEN_FILE names (the repository's
 * `pnpm tessera` script points that at the local demo's). A failure is one line on stderr (plus one
 * per issue of an invalid request) and the exit code: 0 done, 1 the service refused or failed, 2 a
 * usage mistake.
 */
import { pathToFileURL } from 'node:url';
import { AdminApiError, createAdminClient } from '@tessera/admin-client';
import { COMMANDS } from './commands.js';
import { callerDir, readFileFlags, readUserFile } from './files.js';
import { render } from './format.js';
import { commandHelp, help } from './help.js';
import { parseCommandLine, UsageError } from './parse.js';

type Env = Record<string, string | undefined>;

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ');

async function adminToken(env: Env, dir: string): Promise<string> {
  if (env.TESSERA_ADMIN_TOKEN) return env.TESSERA_ADMIN_TOKEN;
  const file = env.TESSERA_ADMIN_TOKEN_FILE;
  const set = 'set TESSERA_ADMIN_TOKEN to the admin token the service was started with';
  if (!file) throw new UsageError(`no admin token: ${set}`);
  let token = '';
  try {
    token = (await readUserFile('TESSERA_ADMIN_TOKEN_FILE', file, dir)).trim();
  } catch (e) {
    throw new UsageError(`no admin token: ${(e as Error).message}; ${set}, or start the local demo (pnpm start)`);
  }
  if (!token) throw new UsageError(`no admin token: TESSERA_ADMIN_TOKEN_FILE ${file} is empty; ${set}`);
  return token;
}

/** Runs one command line; `env` is the process's environment unless a test passes its own. */
export async function run(
  argv: string[],
  out: (s: string) => void,
  err: (s: string) => void,
  env: Env = process.env,
): Promise<number> {
  const dir = callerDir(env);
  try {
    const line = parseCommandLine(argv, COMMANDS);
    if (line.help) {
      out(line.name ? commandHelp(line.name, COMMANDS[line.name]!) : help(COMMANDS));
      return 0;
    }
    // Files first: a path mistake must stop the command before anything is created.
    const files = await readFileFlags(line.flags, line.command.flags, dir);
    const api = createAdminClient(env.TESSERA_URL || 'http://127.0.0.1:8787', await adminToken(env, dir), {
      userAgent: 'tessera-cli/0.1.0',
    });
    const result = await line.command.run(api, { args: line.args, flags: line.flags, files });
    out(line.flags.json ? JSON.stringify(result, null, 2) : render(line.name, result));
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      err(`error: ${oneLine(e.message)}`);
      return 2;
    }
    if (e instanceof AdminApiError) {
      err(`error: ${e.code}: ${oneLine(e.message)}`);
      for (const i of e.issues) err(`  ${i.path ? `${i.path}: ` : ''}${oneLine(i.message)}`);
      return 1;
    }
    throw e;
  }
}

/** The CLI as a process: runs `process.argv`, sets the exit code (the `tessera` bin of the repository calls this). */
export async function main(): Promise<void> {
  try {
    process.exitCode = await run(
      process.argv.slice(2),
      (s) => process.stdout.write(`${s}\n`),
      (s) => process.stderr.write(`${s}\n`),
    );
  } catch (e) {
    process.stderr.write(`error: ${oneLine(e instanceof Error ? e.message : String(e))}\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();

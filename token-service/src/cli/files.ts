/**
 * Files named on the command line. A path the user typed means a path from where they typed it,
 * but pnpm runs a script in its package's directory (`pnpm tessera`: the repository root), not
 * there. So paths resolve against INIT_CWD, the directory pnpm was invoked from, and only without it
 * (the CLI started directly) against the process's working directory.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type FlagKind, type Flags, UsageError } from './parse.js';

/** The directory the user ran the command from. */
export function callerDir(env: Record<string, string | undefined>): string {
  return env.INIT_CWD || process.cwd();
}

/** The contents of every file flag given, by flag name; read before anything is sent anywhere. */
export async function readFileFlags(flags: Flags, kinds: Record<string, FlagKind>, dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const [name, kind] of Object.entries(kinds)) {
    const typed = flags[name];
    if (kind === 'file' && typeof typed === 'string') files[name] = await readUserFile(`--${name}`, typed, dir);
  }
  return files;
}

/** A file the user named (`label` says where: a flag, a variable); a UsageError naming both paths if unreadable. */
export async function readUserFile(label: string, typed: string, dir: string): Promise<string> {
  const path = resolve(dir, typed);
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code})`;
    throw new UsageError(`${label} ${typed}: ${why}${path === typed ? '' : ` (${path})`}`);
  }
}

/**
 * Reading the command line: which command was asked for, its arguments and its flags. Every
 * mistake becomes a UsageError whose message is one line saying what was wrong and, when something
 * close exists, what was probably meant.
 */
import { parseArgs } from 'node:util';

export type FlagKind = 'string' | 'boolean' | 'multiple' | 'file';
export type Flags = Record<string, string | boolean | string[] | undefined>;

/** What a command needs to know about itself to be parsed. */
export interface CommandShape {
  /** Positional arguments, in order. */
  args: string[];
  /** Flags this command takes: name -> kind (`file` is a path, read before anything is called). */
  flags: Record<string, FlagKind>;
}

/** A usage mistake (unknown command or flag, missing argument, unreadable file): exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type CommandLine<T> =
  | { help: true; name: string | null }
  | { help: false; name: string; command: T; args: string[]; flags: Flags };

const HELP = 'run pnpm tessera --help';

export function parseCommandLine<T extends CommandShape>(argv: string[], table: Record<string, T>): CommandLine<T> {
  // `pnpm tessera -- tenants list` hands the script the `--` as well.
  const tokens = argv[0] === '--' ? argv.slice(1) : argv;
  const words = leadingWords(tokens);
  const name = [words.join(' '), words[0]].find((n): n is string => !!n && Object.hasOwn(table, n)) ?? null;
  if (tokens.length === 0 || tokens.includes('--help') || tokens.includes('-h')) return { help: true, name };
  if (!name) throw new UsageError(unknownCommand(words, Object.keys(table)));
  const command = table[name]!;
  const { positionals, values } = parseFlags(name, command, tokens.slice(name.split(' ').length));
  const usage = `pnpm tessera ${name} ${command.args.map((a) => `<${a}>`).join(' ')}`.trimEnd();
  if (positionals.length < command.args.length) {
    throw new UsageError(`missing <${command.args[positionals.length]}>: ${usage}`);
  }
  if (positionals.length > command.args.length) {
    throw new UsageError(`unexpected argument "${positionals[command.args.length]}": ${usage}`);
  }
  return { help: false, name, command, args: positionals, flags: values };
}

/** Up to two words before the first flag: the command (`tenants list`, `onboard`). */
function leadingWords(tokens: string[]): string[] {
  const words: string[] = [];
  for (const t of tokens.slice(0, 2)) {
    if (t.startsWith('-')) break;
    words.push(t);
  }
  return words;
}

function parseFlags(name: string, command: CommandShape, tokens: string[]) {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = { json: { type: 'boolean' } };
  for (const [flag, kind] of Object.entries(command.flags)) {
    options[flag] =
      kind === 'multiple' ? { type: 'string', multiple: true } : { type: kind === 'boolean' ? 'boolean' : 'string' };
  }
  try {
    const { positionals, values } = parseArgs({ args: tokens, options, allowPositionals: true, strict: true });
    return { positionals, values: values as Flags };
  } catch (e) {
    throw new UsageError(flagMistake(e as Error & { code?: string }, name, Object.keys(options)));
  }
}

/** node:util's parseArgs messages span lines and give advice for its own syntax; say it in ours. */
function flagMistake(e: Error & { code?: string }, name: string, known: string[]): string {
  const flag = /'(-{1,2}[^' =]+)/.exec(e.message)?.[1] ?? '';
  const hint = `run pnpm tessera ${name} --help`;
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const near = closest(flag.replace(/^-+/, ''), known);
    const flags = known.map((f) => `--${f}`).join(', ');
    return near
      ? `unknown flag ${flag} for "${name}" (did you mean --${near}? ${hint})`
      : `unknown flag ${flag} for "${name}" (its flags: ${flags}; ${hint})`;
  }
  if (/argument missing|argument is ambiguous/.test(e.message)) return `${flag} needs a value (${hint})`;
  if (/does not take an argument/.test(e.message)) return `${flag} takes no value (${hint})`;
  return `${e.message.split('\n')[0]} (${hint})`;
}

function unknownCommand(words: string[], names: string[]): string {
  if (words.length === 0) return `no command given (${HELP})`;
  const typed = words.join(' ');
  const single = names.filter((n) => !n.includes(' '));
  const near = closest(typed, names) ?? closest(words[0]!, single);
  if (near) return `unknown command "${typed}" (did you mean "${near}"? ${HELP})`;
  const groups = [...new Set(names.filter((n) => n.includes(' ')).map((n) => n.split(' ')[0]!))];
  const group = closest(words[0]!, groups);
  if (group) {
    const actions = names.filter((n) => n.startsWith(`${group} `)).map((n) => n.slice(group.length + 1));
    return `unknown command "${typed}" (${group} takes one of: ${actions.join(', ')}; ${HELP})`;
  }
  return `unknown command "${typed}" (${HELP})`;
}

/** The candidate within two edits of `typed` (or, for two words, one it begins), if any. */
function closest(typed: string, candidates: string[]): string | null {
  let best: string | null = null;
  let bestScore = 3;
  for (const c of candidates) {
    const score = typed.includes(' ') && c.startsWith(typed) ? 1 : distance(typed, c);
    if (score < bestScore) [best, bestScore] = [c, score];
  }
  return best;
}

/** Levenshtein distance; the inputs are a few words, so the plain table is enough. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * `pnpm bench [mint] [mint-instructions] [relay] [streams] [weight] [render] [console] [transcript] [answers] [--quick]`: run the benchmarks (all by
 * default), print one table with each figure next to its target, and write the raw numbers to
 * bench/results/<timestamp>.json and bench/results/latest.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { benchAnswers } from './answers.js';
import { benchConsole } from './console.js';
import { benchMint } from './mint.js';
import { benchMintInstructions, hasValgrind } from './mint-instructions.js';
import { benchRelay } from './relay.js';
import { benchRender } from './render.js';
import { benchStreams } from './streams.js';
import { benchTranscript } from './transcript.js';
import { benchWeight } from './weight.js';
import { printTable, type Row } from './stats.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const seconds = quick ? 3 : 10;
const all = {
  mint: () => benchMint({ seconds: quick ? 2 : 4, rounds: quick ? 3 : 5 }),
  'mint-instructions': () => benchMintInstructions({ warm: quick ? 1500 : 3000, batch: 150, rounds: quick ? 4 : 8 }),
  relay: () => benchRelay({ seconds }),
  streams: () => benchStreams({ holdSeconds: quick ? 5 : 15, counts: quick ? [1000] : [1000, 5000] }),
  weight: () => benchWeight({ opens: quick ? 10 : 30 }),
  render: () => benchRender({ tokens: quick ? 3000 : 10_000 }),
  console: () => benchConsole({ runs: quick ? 100 : 300 }),
  transcript: () => benchTranscript({ loads: quick ? 5 : 10 }),
  answers: () => benchAnswers({ rounds: quick ? 200 : 400, kept: quick ? 1000 : 2000, holdSeconds: quick ? 5 : 15 }),
} as const;
type Name = keyof typeof all;
const chosen = args.filter((a) => !a.startsWith('--'));
const unknown = [...chosen.filter((a) => !(a in all)), ...args.filter((a) => a.startsWith('--') && a !== '--quick')];
if (unknown.length) {
  console.error(`pnpm bench: unknown ${unknown.join(', ')}; use any of ${Object.keys(all).join(', ')} and --quick`);
  process.exit(2);
}
const names = (chosen.length ? chosen : Object.keys(all)) as Name[];
if (names.includes('mint-instructions') && !hasValgrind()) {
  // Debian's valgrind package; every machine of this kind has it, a laptop may not.
  console.error('pnpm bench: mint-instructions needs valgrind (apt-get install valgrind); skipped');
  names.splice(names.indexOf('mint-instructions'), 1);
}

const machine = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: `${cpus().length} x ${cpus()[0]?.model ?? '?'}`,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  command: `pnpm bench ${args.join(' ')}`.trim(),
};
console.log(`Tessera benchmarks, ${machine.date}, Node ${machine.node}, ${machine.cpus}\n`);

const rows: Row[] = [];
const raw: Record<string, unknown> = {};
for (const name of names) {
  console.error(`running ${name}...`);
  const result = await all[name]();
  rows.push(...result.rows);
  raw[name] = result.raw;
}
printTable(rows);
const dir = join(import.meta.dirname, '../results');
await mkdir(dir, { recursive: true });
const out = JSON.stringify({ machine, rows, raw }, null, 2);
await writeFile(join(dir, `${machine.date.replace(/[:.]/g, '-')}.json`), out);
await writeFile(join(dir, 'latest.json'), out);
const missed = rows.filter((r) => r.met === false);
console.log(`\n${rows.filter((r) => r.met === true).length} targets met, ${missed.length} missed`);

#!/usr/bin/env node
/**
 * The size budgets, in gzip -9 bytes:
 * - dist/widget.js, what the script tag downloads first (element, launcher, config, session): 8 KB;
 * - widget.js with the panel (dist/widget-panel.<hash>.js) and the largest language's words
 *   (dist/widget-locale-<tag>.<hash>.js; English's are in the panel), the most one visitor
 *   downloads for a chat: 24 KB.
 * Prints gzip -9 and brotli -11 sizes of every file; exits 1 over a budget.
 *   node scripts/check-size.mjs [--first=8192] [--chat=24576]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { constants, brotliCompressSync, gzipSync } from 'node:zlib';

const flag = (name, fallback) => {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg ? Number(arg.slice(name.length + 3)) : fallback;
};
const FIRST = flag('first', 8 * 1024);
const CHAT = flag('chat', 24 * 1024);
const dist = new URL('../dist/', import.meta.url);

function sizes(file) {
  const bytes = readFileSync(new URL(file, dist));
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
let files;
try {
  files = readdirSync(dist).filter((f) => f.endsWith('.js'));
} catch {
  files = [];
}
const panel = files.find((f) => /^widget-panel\.[0-9a-f]{8}\.js$/.test(f));
const locales = files.filter((f) => /^widget-locale-[a-z]+\.[0-9a-f]{8}\.js$/.test(f));
if (!files.includes('widget.js') || !panel || !locales.length) {
  console.error(
    'dist/widget.js, dist/widget-panel.<hash>.js or dist/widget-locale-*.<hash>.js is missing: run `pnpm build` first',
  );
  process.exit(1);
}
const all = Object.fromEntries(files.sort().map((f) => [f, sizes(f)]));
for (const [file, s] of Object.entries(all)) {
  console.log(
    `dist/${file.padEnd(34)} ${kb(s.raw).padStart(9)} raw  ${kb(s.gzip).padStart(9)} gzip  ${kb(s.brotli).padStart(9)} brotli`,
  );
}
const first = all['widget.js'].gzip;
const largest = locales.reduce((a, b) => (all[b].gzip > all[a].gzip ? b : a));
const chat = first + all[panel].gzip + all[largest].gzip;
const verdict = (n, budget) => (n <= budget ? `ok, budget ${kb(budget)}` : `OVER BUDGET ${kb(budget)}`);
const line = (what, n, note = '') => console.log(`${what.padEnd(52)} ${kb(n).padStart(9)} gzip  (${n} B${note})`);
line('first download (widget.js):', first, `; ${verdict(first, FIRST)}`);
line(`the panel (${panel}):`, all[panel].gzip);
line(`the largest language (${largest}):`, all[largest].gzip);
line('a whole chat (the three):', chat, `; ${verdict(chat, CHAT)}`);
process.exit(first <= FIRST && chat <= CHAT ? 0 : 1);

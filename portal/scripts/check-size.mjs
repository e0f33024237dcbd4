#!/usr/bin/env node
/**
 * The size budget: the JavaScript the first screen loads, gzip -9, at most 120 KB. That is the
 * entry chunk and its static imports (from dist/.vite/manifest.json), which is what the budget
 * counts; the script also prints, for each screen, the entry plus the screen's own chunks (what a
 * person who lands on that screen downloads in all), and fails if one of those passes the budget too.
 *   node scripts/check-size.mjs [--budget=122880]
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const arg = process.argv.find((a) => a.startsWith('--budget='));
const BUDGET = arg ? Number(arg.slice('--budget='.length)) : 120 * 1024;
const dist = new URL('../dist/', import.meta.url);

let manifest;
try {
  manifest = JSON.parse(readFileSync(new URL('.vite/manifest.json', dist), 'utf8'));
} catch {
  console.error('dist/.vite/manifest.json is missing: run `pnpm build` first');
  process.exit(1);
}

const gzip = new Map();
function gz(file) {
  if (!gzip.has(file)) gzip.set(file, gzipSync(readFileSync(new URL(file, dist)), { level: 9 }).length);
  return gzip.get(file);
}

/** The files of a manifest chunk and of everything it imports statically. */
function closure(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const dep of manifest[key]?.imports ?? []) closure(dep, seen);
  return seen;
}
const files = (keys) => [...keys].map((k) => manifest[k].file).filter((f) => f.endsWith('.js'));
const total = (keys) => files(keys).reduce((sum, f) => sum + gz(f), 0);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
const entry = closure(entryKey);
const entrySize = total(entry);
let failed = entrySize > BUDGET;
console.log(
  `first screen (entry + static imports, ${entry.size} chunks): ${kb(entrySize)} gzip, budget ${kb(BUDGET)}${failed ? '  OVER BUDGET' : '  ok'}`,
);

const screens = (manifest[entryKey].dynamicImports ?? []).filter((k) => /screens\//.test(k));
const shellKey = (manifest[entryKey].dynamicImports ?? []).find((k) => /portal-shell/.test(k));
for (const key of screens) {
  const keys = closure(key, new Set(entry));
  if (shellKey && !/sign-in/.test(key)) closure(shellKey, keys);
  const size = total(keys);
  const over = size > BUDGET;
  failed ||= over;
  console.log(
    `  landing on ${key.replace(/^src\/screens\//, '').padEnd(44)} ${kb(size).padStart(9)}${over ? '  OVER BUDGET' : ''}`,
  );
}

// The service's CSP allows no inline script or style: the page itself must carry none.
const html = readFileSync(new URL('index.html', dist), 'utf8');
const inline = [/<script(?![^>]*\bsrc=)[^>]*>/i, /<style\b/i, /\sstyle=/i, /\son[a-z]+=/i].filter((re) => re.test(html));
if (inline.length) {
  failed = true;
  console.log(`dist/index.html has inline script or style (${inline.join(', ')}): the CSP refuses it`);
} else console.log('dist/index.html: no inline script or style');
process.exit(failed ? 1 : 0);

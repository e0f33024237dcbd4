#!/usr/bin/env node
/**
 * The size budget: dist/widget.js (the whole script-tag build, Lit included) must stay at or under
 * 20 KB gzip. Prints gzip -9 and brotli -11 sizes of both builds; exits 1 over budget.
 *   node scripts/check-size.mjs [--budget=20480]
 */
import { readFileSync } from 'node:fs';
import { constants, brotliCompressSync, gzipSync } from 'node:zlib';

const arg = process.argv.find((a) => a.startsWith('--budget='));
const BUDGET = arg ? Number(arg.slice('--budget='.length)) : 20 * 1024;
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
let failed = false;
for (const [file, budgeted] of [
  ['widget.js', true],
  ['tessera-chat.js', false],
]) {
  let s;
  try {
    s = sizes(file);
  } catch {
    console.error(`dist/${file} is missing: run \`pnpm build\` first`);
    failed = true;
    continue;
  }
  const verdict = budgeted ? (s.gzip <= BUDGET ? `ok, budget ${kb(BUDGET)}` : `OVER BUDGET ${kb(BUDGET)}`) : 'not budgeted';
  console.log(
    `dist/${file.padEnd(16)} ${kb(s.raw).padStart(9)} raw  ${kb(s.gzip).padStart(9)} gzip  ${kb(s.brotli).padStart(9)} brotli  (${verdict})`,
  );
  if (budgeted && s.gzip > BUDGET) failed = true;
}
process.exit(failed ? 1 : 0);

#!/usr/bin/env node
/**
 * Run every test suite of the workspace in order, keep going after a failure, print one summary,
 * and write test-results/summary.json ({passed, failed, suites}) for CI's closing line.
 * Exit code: 0 only if every suite passed.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const results = join(root, 'test-results');
await rm(results, { recursive: true, force: true });
await mkdir(results, { recursive: true });

function run(cmd, args, cwd) {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd, stdio: 'inherit', env: { ...process.env, TESSERA_RESULTS_DIR: results } });
    child.on('close', (code) => done(code ?? 1));
  });
}

async function vitest(name, dir) {
  const out = join(results, `${name}.json`);
  const code = await run(
    'pnpm',
    ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`],
    join(root, dir),
  );
  try {
    const r = JSON.parse(await readFile(out, 'utf8'));
    return { name, code, passed: r.numPassedTests, failed: r.numFailedTests + (code !== 0 && r.numFailedTests === 0 ? 1 : 0) };
  } catch {
    return { name, code, passed: 0, failed: 1 };
  }
}

/** A step counts as one test, unless it wrote test-results/<name>.json with its own counts. */
async function step(name, cmd, args, dir = '.') {
  const code = await run(cmd, args, join(root, dir));
  try {
    const r = JSON.parse(await readFile(join(results, `${name}.json`), 'utf8'));
    return { name, code, passed: r.passed, failed: r.failed + (code !== 0 && r.failed === 0 ? 1 : 0) };
  } catch {
    return { name, code, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1 };
  }
}

const suites = [];
suites.push(await step('lint and format (biome)', 'pnpm', ['exec', 'biome', 'ci', '.']));
suites.push(await step('typecheck (tsc -b)', 'pnpm', ['exec', 'tsc', '-b']));
suites.push(await vitest('protocol', 'packages-shared/protocol'));
suites.push(await vitest('cbk-emulator', 'packages-shared/cbk-emulator'));
suites.push(await vitest('token-service', 'token-service'));
// The widget: build, size budget, and its tests in Chromium (the e2e run below needs the build).
const widgetScripts = JSON.parse(await readFile(join(root, 'widget/package.json'), 'utf8')).scripts ?? {};
if (widgetScripts['test:ci']) suites.push(await step('widget', 'pnpm', ['run', 'test:ci'], 'widget'));
// The portal: build and size budget, then its end-to-end story in Chromium.
suites.push(await step('portal build, size', 'pnpm', ['run', 'test:ci'], 'portal'));
suites.push(await vitest('portal e2e', 'portal'));
// End to end: the whole demo in Chromium.
suites.push(await vitest('demo e2e', 'demo'));

const passed = suites.reduce((n, s) => n + s.passed, 0);
const failed = suites.reduce((n, s) => n + s.failed, 0);
console.log('\nSummary');
for (const s of suites)
  console.log(`  ${s.code === 0 ? 'ok  ' : 'FAIL'}  ${s.name.padEnd(22)} ${s.passed} passed, ${s.failed} failed`);
await writeFile(join(results, 'summary.json'), JSON.stringify({ passed, failed, suites }, null, 2));
console.log(`\nall suites: ${passed} passed, ${failed} failed`);
process.exit(suites.every((s) => s.code === 0) ? 0 : 1);

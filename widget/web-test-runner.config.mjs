/**
 * Browser tests in Debian's Chromium (toolchain.md §6) against the real token service and emulator
 * (test/support/stack-plugin.mjs). One file at a time: the emulator's fault switches are global.
 * wtr adds its command plugins (setViewport, sendKeys, emulateMedia, …) by itself. esbuild target
 * 'auto': TypeScript is compiled, but plain JS and inline scripts of the test pages are served
 * byte for byte (the CSP test pins an inline script by its hash).
 *
 * Screenshot tests (test/visual.test.ts) compare with the reviewed baselines in test/visual/ and
 * write what they saw and a diff to artifacts/visual/ (git-ignored) when a picture differs.
 * TESSERA_VISUAL_UPDATE=1 (`pnpm run visual:update`) writes new baselines instead of comparing.
 */
import { rmSync } from 'node:fs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '@tessera/testkit/chromium';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter } from '@web/test-runner';
import { visualRegressionPlugin } from '@web/test-runner-visual-regression/plugin';
import { stackPlugin } from './test/support/stack-plugin.mjs';
import { resultsReporter } from './test/support/results-reporter.mjs';

const here = new URL('.', import.meta.url).pathname;

export default {
  files: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  testsFinishTimeout: 300_000,
  testFramework: { config: { timeout: 20_000 } },
  reporters: [defaultReporter(), resultsReporter()],
  plugins: [
    stackPlugin(),
    esbuildPlugin({ ts: true, target: 'auto', tsconfig: new URL('./tsconfig.json', import.meta.url).pathname }),
    // Only this run's failed pictures in artifacts/visual/, not those of an earlier one.
    { name: 'visual-artifacts', serverStart: () => rmSync(`${here}artifacts/visual`, { recursive: true, force: true }) },
    visualRegressionPlugin({
      update: process.env.TESSERA_VISUAL_UPDATE === '1',
      baseDir: here,
      // One browser, so its name is left out of the file names.
      getBaselineName: ({ name }) => `test/visual/${name}.png`,
      getFailedName: ({ name }) => `artifacts/visual/${name}.png`,
      getDiffName: ({ name }) => `artifacts/visual/${name}-diff.png`,
      // pixelmatch's per-pixel colour tolerance (anti-aliased pixels are ignored), then at most 100
      // differing pixels. Not a share of the picture: 0.5 % of a 1024×768 viewport let a recoloured
      // launcher (~2 200 pixels) pass. Two runs on this machine differ by 0 pixels.
      diffOptions: { threshold: 0.1 },
      failureThresholdType: 'pixel',
      failureThreshold: 100,
    }),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: CHROMIUM_PATH,
        headless: true,
        // Puppeteer (wtr's launcher), unlike Playwright, needs --no-sandbox as root.
        args: ['--no-sandbox', '--headless=new', ...CHROMIUM_ARGS],
      },
    }),
  ],
};

/**
 * Browser tests in Debian's Chromium (toolchain.md §6) against the real token service and emulator
 * (test/support/stack-plugin.mjs). One file at a time: the emulator's fault switches are global.
 * wtr adds its command plugins (setViewport, sendKeys, emulateMedia, …) by itself. esbuild target
 * 'auto': TypeScript is compiled, but plain JS and inline scripts of the test pages are served
 * byte for byte (the CSP test pins an inline script by its hash).
 */
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '@tessera/testkit/chromium';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter } from '@web/test-runner';
import { stackPlugin } from './test/support/stack-plugin.mjs';
import { resultsReporter } from './test/support/results-reporter.mjs';

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

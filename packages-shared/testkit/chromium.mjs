/**
 * How every test and benchmark starts Debian's Chromium (toolchain.md §6-7): its path (CHROME_PATH
 * overrides) and the flags that keep it quiet on this closed network (no background networking,
 * component updates, sync or QUIC: without them its connections are refused, many at a time).
 * Plain JavaScript, so web-test-runner's config (.mjs) can import it as well as TypeScript.
 */
export const CHROMIUM_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

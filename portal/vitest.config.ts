import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Unit tests beside the code (pure logic, no browser), and the end-to-end story in Chromium.
    include: ['src/**/*.test.ts', 'e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One browser at a time: Chromium and the service share two cores.
    fileParallelism: false,
    // The steps of a file are one story, in order.
    sequence: { concurrent: false },
  },
});

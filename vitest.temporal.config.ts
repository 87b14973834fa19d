// Shared by the packages whose tests start a Temporal server per file (the Temporal CLI dev server, or the Java test
// server where time skipping is needed): files run one after another, with room for start-up on a loaded machine.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});

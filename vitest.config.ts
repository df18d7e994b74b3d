import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'main/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'agent/**/*.test.ts', 'tests/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'release/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Docker and browser tests share one engine and one Chromium; keep files from fighting over them.
    fileParallelism: true,
    maxWorkers: 2,
    // CI reads the JSON report to prove nothing was skipped (scripts/ci-summary.mjs).
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});

import { defineConfig } from 'vitest/config';

const shared = { testTimeout: 30_000, hookTimeout: 120_000 };

export default defineConfig({
  test: {
    // Integration tests share one Postgres and one Redis; two cores do not gain from more forks.
    maxWorkers: 2,
    projects: [
      {
        test: {
          ...shared,
          name: 'main',
          include: ['packages/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/browser/**/*.test.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        // Fault injection and fuzzing time outages and kill processes: run them one file at a time, after the rest,
        // so their timing is not at the mercy of other test files competing for the two cores.
        test: {
          ...shared,
          name: 'faults',
          include: ['test/faults/**/*.test.ts', 'test/fuzz/**/*.test.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});

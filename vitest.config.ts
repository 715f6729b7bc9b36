import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // Property tests and the llama engine's load take 2–4 s on a quiet 2-core machine; with
          // another process holding a core, vitest's 5 s default fails them for nothing.
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Load tests share two cores; running them one file at a time keeps timing assertions honest.
          fileParallelism: false,
        },
      },
    ],
  },
});

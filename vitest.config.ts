import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Tests spawn git and node; the machines have two cores.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        // The whole pipeline in-process on real repositories against the local model server.
        test: { name: 'integration', include: ['tests/integration/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        // End-to-end tests install the packed package, so they pack it once first.
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/helpers/global-setup.ts'],
        },
      },
    ],
  },
});

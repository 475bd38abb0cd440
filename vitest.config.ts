import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vitest/config';

/** `import text from './x.txt'` gives the file's text, as the build's esbuild loader does (scripts/build.js). */
const textImports: Plugin = {
  name: 'review-hook:text-imports',
  enforce: 'pre',
  // A load hook, before Vite's own: Vite would otherwise serve a .txt import as an asset URL.
  load(id) {
    return id.endsWith('.txt') ? `export default ${JSON.stringify(readFileSync(id, 'utf8'))};` : null;
  },
};

export default defineConfig({
  plugins: [textImports],
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Tests spawn git and node; the machines have two cores.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        // isolate: false loads the modules once per worker instead of once per file (measured: about
        // 40 % less CPU for the unit project). Tests keep no state in modules or globals.
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', isolate: false },
      },
      {
        extends: true,
        // The whole pipeline in-process on real repositories against the local model server.
        test: { name: 'integration', include: ['tests/integration/**/*.test.ts'], environment: 'node', isolate: false },
      },
      {
        extends: true,
        // End-to-end tests run the packed package installed into a scratch project. The global setup
        // packs and installs it in the background while the other projects run; the e2e files run
        // after them (groupOrder) and each waits for the install first (e2e-ready.ts).
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/helpers/global-setup.ts'],
          setupFiles: ['tests/helpers/e2e-ready.ts'],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});

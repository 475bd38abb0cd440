// Imports a module of src/ from its TypeScript, bundled on the spot with everything it imports, for
// scripts that need an internal function the package's bundles do not export (the build's schema
// step, benchmarks of one module). The bundle is written under node_modules/.cache, so that the
// CommonJS require() it needs resolves like the package's own.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');

/** Options the package's bundles and these share (scripts/build.js). */
export const BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  // The prompt template is part of the code: imported as text, so no file is looked up at run time.
  loader: { '.txt': 'text' },
  // Bundled CommonJS packages call require(); an ES module has none of its own.
  banner: {
    js: "import { createRequire as __reviewHookCreateRequire } from 'node:module';\nconst require = __reviewHookCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
};

/** `await importSource('src/llm/parse-review.ts')`: that module's exports. */
export async function importSource(path) {
  const result = await build({ ...BUNDLE_OPTIONS, entryPoints: [resolve(root, path)], write: false });
  const code = result.outputFiles[0].contents;
  const dir = join(root, 'node_modules', '.cache', 'review-hook-scripts');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  writeFileSync(file, code);
  return import(pathToFileURL(file).href);
}

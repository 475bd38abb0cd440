// Builds the package into a fresh dist/: the CLI and the programmatic API as ES module bundles whose
// lazy import()s stay lazy (split chunks, loaded when first needed), the API's .d.ts files, and the
// config's JSON Schema. Usage: node scripts/build.js   (npm run build)
//
// Loading is most of a review's start-up cost: the openai SDK alone is about 150 modules and zod
// about 100. Bundled, a command reads a few files instead of hundreds and drops what it never uses.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { BUNDLE_OPTIONS, importSource } from './import-source.js';

const OUT = 'dist';

/**
 * Each file here becomes dist/<out>.js. Every output (entries and chunks) sits in dist/ itself, so a
 * module that finds a sibling output with `new URL('./<out>.js', import.meta.url)` (a worker, say)
 * finds it from whichever chunk its code lands in: add such a file here with its basename as `out`.
 */
const ENTRY_POINTS = [
  { in: 'src/cli.ts', out: 'cli' },
  { in: 'src/index.ts', out: 'index' },
  // The token-count worker: src/prompt/worker-counter.ts starts it as ./token-worker.js.
  { in: 'src/prompt/token-worker.ts', out: 'token-worker' },
];

/**
 * Left out of the bundle and resolved from node_modules when used:
 * - cosmiconfig: the child that loads a JavaScript config runs the installed copy (load-js-config.ts);
 * - gpt-tokenizer: loaded only to count tokens, in the token-count worker, from the ranks written
 *   below; it is the biggest package by far (about 30 MB of encodings).
 * Everything else is bundled: see the README's "How the package is built".
 */
const EXTERNAL = ['cosmiconfig', 'gpt-tokenizer'];

rmSync(OUT, { recursive: true, force: true });

// Type-checks src/ and writes the .d.ts files of the programmatic API (package.json "exports").
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });

const result = await build({
  ...BUNDLE_OPTIONS,
  entryPoints: ENTRY_POINTS,
  outdir: OUT,
  splitting: true,
  chunkNames: 'chunk-[hash]',
  external: EXTERNAL,
  legalComments: 'eof',
  metafile: true,
});
// What went into which output, for tests and for anyone wondering why a chunk is loaded; not shipped.
writeFileSync(`${OUT}/meta.json`, JSON.stringify(result.metafile));
writeFileSync(`${OUT}/THIRD-PARTY-LICENSES.txt`, licenseNotices(result.metafile));

// The o200k tokenizer's ranks from the installed gpt-tokenizer, as JSON where the counter looks for
// them (./o200k_base.json beside its chunk: src/prompt/bpe-counter.ts). The package ships them as a
// 2.4 MB array literal, which takes longer to compile than the same data takes to parse as JSON.
// Written at every build, never edited; the tests check it entry for entry against the package.
const { default: ranks } = await import('gpt-tokenizer/esm/bpeRanks/o200k_base');
writeFileSync(`${OUT}/o200k_base.json`, JSON.stringify(ranks));

// reviewrc.schema.json in the package root, generated from the zod schema the loader validates with.
const { configJsonSchema } = await importSource('src/config/json-schema.ts');
writeFileSync('reviewrc.schema.json', `${JSON.stringify(configJsonSchema(), null, 2)}\n`);

/** The packages whose code is in the bundle, each with its license text, which their licenses ask to ship with the code. */
function licenseNotices(metafile) {
  const roots = new Set();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const at = input.lastIndexOf('node_modules/');
      if (at < 0 || bytesInOutput === 0) continue;
      // The package's own folder: the nearest one above the file that holds a package.json with a name.
      let dir = dirname(input);
      while (dir.length > at + 'node_modules/'.length && !isPackageRoot(dir)) dir = dirname(dir);
      roots.add(dir);
    }
  }
  const notices = [...roots].sort().map((dir) => {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).find((name) => /^(licen[cs]e|copying)(\.|$)/i.test(name));
    const text =
      file === undefined
        ? `(no license file in the package; package.json says ${pkg.license})`
        : readFileSync(join(dir, file), 'utf8').trim();
    return `${pkg.name} ${pkg.version} (${pkg.license})\n\n${text}\n`;
  });
  return `review-hook's bundles (dist/*.js) contain code from these packages:\n\n${notices.join(`\n${'-'.repeat(72)}\n\n`)}`;
}

function isPackageRoot(dir) {
  const file = join(dir, 'package.json');
  return existsSync(file) && typeof JSON.parse(readFileSync(file, 'utf8')).name === 'string';
}

// The installed package is a bundle (scripts/build.js): what a push with nothing new loads from it,
// which dependencies it still resolves at run time, and the programmatic API through `exports`.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { consumerDir, installedCli, run } from '../helpers/e2e.js';
import { FAKE } from '../helpers/fake-secrets.js';
import { createRepoWithOrigin, hermeticEnv, tempDir } from '../helpers/git-repo.js';

const root = resolve(import.meta.dirname, '..', '..');
const installed = (): string => join(consumerDir(), 'node_modules', 'review-hook');

/** The build's record of which sources went into each output (dist/meta.json, beside the packed dist/). */
function bundleInputs(): Map<string, string[]> {
  const meta = JSON.parse(readFileSync(join(root, 'dist', 'meta.json'), 'utf8')) as { outputs: Record<string, { inputs: object }> };
  return new Map(Object.entries(meta.outputs).map(([output, { inputs }]) => [basename(output), Object.keys(inputs)]));
}

describe('the bundle', () => {
  test('a push with nothing new loads a few of its files and no dependency code', () => {
    const script = join(root, 'scripts', 'loaded-modules.js');
    const loaded = JSON.parse(execFileSync(process.execPath, [script, installedCli(), '--json'], { encoding: 'utf8' })) as {
      modules: number;
      bytes: number;
      files: { path: string; bytes: number }[];
    };
    const dist = join(installed(), 'dist');
    const chunks = loaded.files.map((file) => file.path).filter((path) => path !== installedCli());
    // Everything comes from the installed bundle: no package is resolved from node_modules.
    expect(chunks.every((path) => path.startsWith(`${dist}/`))).toBe(true);
    const inputs = bundleInputs();
    const sources = chunks.flatMap((path) => inputs.get(basename(path)) ?? [`(not in the build: ${path})`]);
    expect(sources.filter((source) => source.includes('node_modules/') || source.startsWith('(not'))).toEqual([]);
    expect(sources).toContain('src/pipeline/ranges.ts');
    expect(sources).not.toContain('src/cli/commands.ts');
    // Measured at 12 files and 40 KiB; the whole bundle is about 120 files and 2.1 MB.
    expect(loaded.modules).toBeLessThanOrEqual(20);
    expect(loaded.bytes).toBeLessThan(100 * 1024);
  });

  test('only the packages resolved at run time are installed with it', () => {
    const modules = join(consumerDir(), 'node_modules');
    expect(existsSync(join(modules, 'cosmiconfig', 'package.json'))).toBe(true);
    expect(existsSync(join(modules, 'gpt-tokenizer', 'package.json'))).toBe(true);
    for (const bundled of ['openai', 'zod', 'commander', 'simple-git', 'ora', 'picomatch', '@secretlint/core']) {
      expect(existsSync(join(modules, bundled)), bundled).toBe(false);
    }
    const notices = readFileSync(join(installed(), 'dist', 'THIRD-PARTY-LICENSES.txt'), 'utf8');
    expect(notices).toContain('openai 6.49.0 (Apache-2.0)');
    expect(notices).toContain('zod 4.6.7 (MIT)');
  });

  test("import { runReview } from 'review-hook' type-checks against the shipped types and runs the checks", async () => {
    const { repo } = createRepoWithOrigin();
    repo.env = hermeticEnv({ CI: 'true' });
    repo.commit('add config', { 'src/config.js': `export const token = '${FAKE.githubToken}';\n` });

    const dir = tempDir('rh-api-');
    symlinkSync(join(consumerDir(), 'node_modules'), join(dir, 'node_modules'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'api-user', private: true, type: 'module' }));
    writeFileSync(
      join(dir, 'review.ts'),
      [
        "import { runReview, type ReviewOptions, type RunContext } from 'review-hook';",
        '',
        'const options: ReviewOptions = {',
        "  mode: 'manual', refLines: null, remote: null, format: 'json', offline: true, dryRun: false,",
        '  printPrompt: false, noCache: true, issues: [], quiet: true, verbose: false,',
        '};',
        'const context: RunContext = {',
        '  cwd: process.argv[2] as string, env: { ...process.env }, stdout: process.stderr, stderr: process.stderr,',
        '  stdoutIsTTY: false, stderrIsTTY: false, now: () => new Date(),',
        '};',
        'const outcome = await runReview(context, options);',
        'const sources: string[] = outcome.report?.findings.map((finding) => finding.source) ?? [];',
        'process.stdout.write(JSON.stringify({ exitCode: outcome.exitCode, sources }));',
        '',
      ].join('\n'),
    );
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const checked = await run(
      process.execPath,
      [tsc, '--strict', '--module', 'nodenext', '--target', 'es2022', '--typeRoots', join(root, 'node_modules', '@types'), 'review.ts'],
      { cwd: dir, env: hermeticEnv() },
    );
    expect(checked.status, checked.stdout + checked.stderr).toBe(0);

    const ran = await run(process.execPath, [join(dir, 'review.js'), repo.dir], { cwd: dir, env: repo.env });
    expect(ran.status, ran.stderr).toBe(0);
    expect(JSON.parse(ran.stdout)).toEqual({ exitCode: 1, sources: expect.arrayContaining(['check:secrets']) });
  });
});

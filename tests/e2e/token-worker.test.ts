// The token-count worker as installed: the packed package's worker file, with the ranks the build
// wrote as JSON, counts exactly as gpt-tokenizer does (the unit tests run from the sources, where
// neither exists and the counter loads the package's own module in the main thread),
// a copy of the package without the worker's file falls back with the same counts, and runs that
// start the worker end without waiting for it.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { countTokens } from 'gpt-tokenizer';
import { afterAll, describe, expect, test } from 'vitest';
import { loadBpeCounter } from '../../src/prompt/bpe-counter.js';
import { startWorkerCounter } from '../../src/prompt/worker-counter.js';
import { consumerDir, createHookedRepo, run, useModelServer } from '../helpers/e2e.js';
import { withEnv } from '../helpers/git-repo.js';

const server = useModelServer();
const installedDist = () => join(consumerDir(), 'node_modules', 'review-hook', 'dist');

const TABLE: Array<[string, string]> = [
  ['code', 'export function total(items: readonly Item[]): number {\n  return items.reduce((n, i) => n + i.price, 0);\n}\n'],
  ['a diff line with special-token text', '+ const stop = "<|endoftext|>"; // <|im_start|>user'],
  ['emoji, a flag and a ZWJ sequence', 'ship it 🚀🇬🇧 👩‍💻 done'],
  ['CJK and Hangul', '漢字とかなの混じった文。한국어 텍스트입니다。'],
  ['lone surrogates and U+FFFD', 'broken \ud800 pair \udfff and \ufffd here'],
  ['control characters', 'nul \u0000 bell \u0007 esc \u001b[31m red'],
  ['bytes a tokenizer only has as byte tokens', '\u00ff\u00fe\u0080 Ã© â€™'],
  ['a long unbroken run (counted in slices)', `key=${'QmFzZTY0IGRhdGE'.repeat(60)} end`],
  ['an empty text', ''],
];

describe('the installed token-count worker', () => {
  test('counts every text of the table as gpt-tokenizer does, one by one and in a batch', async () => {
    // The installed worker file, driven by the same client the bundle carries.
    const worker = startWorkerCounter({ url: pathToFileURL(join(installedDist(), 'token-worker.js')) });
    try {
      const count = await worker.ready();
      // From the sources, the counter in this thread is gpt-tokenizer's own module (no JSON ranks here).
      const reference = await loadBpeCounter();
      const texts = TABLE.map(([, text]) => text);
      const expected = texts.map((text) => reference(text));
      expect(texts.map((text) => count(text))).toEqual(expected);
      expect(count.each?.(texts)).toEqual(expected);
      // Outside long runs, the bounded counter is gpt-tokenizer's countTokens itself.
      TABLE.forEach(([name, text], i) => {
        if (!name.startsWith('a long')) expect(expected[i], name).toBe(countTokens(text, { disallowedSpecial: new Set() }));
      });
    } finally {
      await worker.stop();
    }
  });

  test("the ranks the build wrote as JSON are gpt-tokenizer's o200k ranks, entry for entry", async () => {
    const written = JSON.parse(readFileSync(join(installedDist(), 'o200k_base.json'), 'utf8')) as unknown[];
    const ranksModule = join(consumerDir(), 'node_modules', 'gpt-tokenizer', 'esm', 'bpeRanks', 'o200k_base.js');
    const { default: ranks } = (await import(pathToFileURL(ranksModule).href)) as { default: unknown[] };
    expect(written.length).toBe(ranks.length);
    expect(written.filter((rank) => Array.isArray(rank)).length).toBeGreaterThan(1000);
    expect(written).toEqual(ranks);
  });

  const copies: string[] = [];
  afterAll(() => {
    for (const copy of copies) rmSync(copy, { recursive: true, force: true });
  });

  test('a copy of the package without the worker file counts in the main thread, with the same counts', async () => {
    const { repo, cli, env } = await createHookedRepo({ server });
    repo.commit('add pricing', { 'src/pricing.js': `export const rates = [${'1.05, '.repeat(300)}1];\n// 漢字 🚀 <|endoftext|>\n` });
    // Beside the installed package, so its dependencies resolve the same way.
    const copy = mkdtempSync(join(consumerDir(), 'node_modules', 'review-hook-without-worker-'));
    copies.push(copy);
    cpSync(join(consumerDir(), 'node_modules', 'review-hook'), copy, { recursive: true });
    rmSync(join(copy, 'dist', 'token-worker.js'));

    const withWorker = await cli(['--dry-run', '--format', 'json']);
    const withoutWorker = await run(process.execPath, [join(copy, 'bin', 'review-hook.js'), '--dry-run', '--format', 'json'], {
      cwd: repo.dir,
      env: withEnv(env, {}),
    });

    expect(withWorker.status, withWorker.stderr).toBe(0);
    expect(withoutWorker.status, withoutWorker.stderr).toBe(0);
    const planned = JSON.parse(withWorker.stdout);
    expect(planned.tokens).toBeGreaterThan(100);
    expect(JSON.parse(withoutWorker.stdout).tokens).toBe(planned.tokens);
    expect(JSON.parse(withoutWorker.stdout).requests.map((r: { tokens: number }) => r.tokens)).toEqual(
      planned.requests.map((r: { tokens: number }) => r.tokens),
    );
  });

  test('damaged ranks stop the review with an error that names the file, instead of counting wrong', async () => {
    const { repo, env } = await createHookedRepo({ server });
    repo.commit('a change', { 'src/a.js': 'export const a = 1;\n' });
    const copy = mkdtempSync(join(consumerDir(), 'node_modules', 'review-hook-damaged-ranks-'));
    copies.push(copy);
    cpSync(join(consumerDir(), 'node_modules', 'review-hook'), copy, { recursive: true });
    const ranks = join(copy, 'dist', 'o200k_base.json');
    writeFileSync(ranks, readFileSync(ranks, 'utf8').slice(0, 5000));

    const result = await run(process.execPath, [join(copy, 'bin', 'review-hook.js'), '--dry-run'], {
      cwd: repo.dir,
      env: withEnv(env, {}),
    });

    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`the tokenizer's ranks in ${ranks} are damaged`);
    expect(result.stderr).toContain('reinstall review-hook');
  });

  test('a run that starts the worker but never counts (no API key) ends without waiting for it', async () => {
    const { repo, cli } = await createHookedRepo({ server: null });
    repo.commit('a change', { 'src/a.js': 'export const a = 1;\n' });

    // A hang here would end in run()'s kill after its timeout, with status -1.
    const result = await cli(['--format', 'json']);

    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.modelReview).toBe('failed');
    expect(report.errors.join('\n')).toMatch(/no API key/);
  });
});

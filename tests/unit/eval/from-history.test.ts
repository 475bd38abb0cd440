// --from-history on a real repository: reverts and fixes make cases, the rest is counted or skipped
// with the reason.
import { describe, expect, it } from 'vitest';
import { casesFromHistory } from '../../../src/eval/from-history.js';
import { runEval } from '../../../src/eval/run-eval.js';
import { validateConfig } from '../../../src/config/schema.js';
import { createGit } from '../../../src/git/exec-git.js';
import { openRepo } from '../../../src/git/repo.js';
import { byCase, CLEAN_REVIEW, useModelServer } from '../../helpers/fake-openai.js';
import { createRepo, hermeticEnv } from '../../helpers/git-repo.js';

const server = useModelServer();

function buildHistory() {
  const repo = createRepo();
  repo.commit('Add the cart', {
    'cart.js': 'function total(items) {\n  let sum = 0;\n  for (const i of items) sum += i.price;\n  return sum;\n}\n',
    'notes.md': 'notes\n',
  });
  const buggy = repo.commit('Count the items in the cart', {
    'count.js': '// Counting.\nfunction count(items) {\n  return items.length + 1;\n}\nmodule.exports = { count };\n',
  });
  repo.commit('Unrelated notes', { 'notes.md': 'notes\nmore\n' });
  // The fix moves the line first (a comment added above it), so the text has to be matched.
  // Whole ids: an abbreviation of a random id is all digits about one time in a hundred, and a run of
  // digits alone is read as a number, not a commit (see history-refs.ts), which made this flaky.
  const fix = repo.commit(`Fix the count from ${buggy}`, {
    'count.js': '// Counting.\n// The number of items.\nfunction count(items) {\n  return items.length;\n}\nmodule.exports = { count };\n',
  });
  const reverted = repo.commit('Log every total', {
    'cart.js': 'function total(items) {\n  let sum = 0;\n  for (const i of items) sum += i.price;\n  console.log(sum);\n  return sum;\n}\n',
  });
  repo.git('revert', '--no-edit', reverted);
  const revert = repo.head();
  repo.commit('Fixes: 0123abcd4567 ("gone")', { 'notes.md': 'notes\nmore\nagain\n' });
  const onlyAdds = repo.commit('Add a guard', { 'guard.js': 'function guard(x) {\n  return x;\n}\n' });
  repo.commit(`Fix the guard from ${onlyAdds}`, {
    'guard.js': 'function guard(x) {\n  if (x == null) throw new Error("x");\n  return x;\n}\n',
  });
  return { repo, buggy, fix, reverted, revert, onlyAdds };
}

describe('eval --from-history', () => {
  it('builds a case from each reverted or fixed commit, with the lines that were taken out', async () => {
    const { repo, buggy, reverted, onlyAdds } = buildHistory();
    const git = createGit(repo.dir, repo.env);
    const scan = await casesFromHistory(git, await openRepo(git), 20, validateConfig(undefined, '(defaults)'));
    expect(scan.scanned).toBe(9);
    expect(scan.cases.map((c) => c.id).sort()).toEqual([`history-${buggy.slice(0, 12)}`, `history-${reverted.slice(0, 12)}`].sort());
    const count = scan.cases.find((c) => c.id === `history-${buggy.slice(0, 12)}`);
    expect(count?.task.title).toBe('Count the items in the cart');
    expect([...(count?.before.keys() ?? [])]).toEqual([]);
    expect(count?.after.get('count.js')?.toString()).toContain('items.length + 1');
    // Line 3 of count.js as the buggy commit wrote it, though the fix deleted it at line 4.
    expect(count?.expected).toEqual([{ file: 'count.js', startLine: 3, endLine: 3, severity: 'important', category: null, note: '' }]);
    const log = scan.cases.find((c) => c.id === `history-${reverted.slice(0, 12)}`);
    expect(log?.before.get('cart.js')?.toString()).not.toContain('console.log');
    expect(log?.expected).toEqual([{ file: 'cart.js', startLine: 4, endLine: 4, severity: 'important', category: null, note: '' }]);
    expect(scan.skipped.map((s) => s.reason)).toEqual([
      expect.stringMatching(/^the fix removes no line that [0-9a-f]{12} added \(a fix that only adds lines/),
      'names 0123abcd4567, which is not a commit in this repository',
    ]);
    expect(scan.skipped[0]?.reason).toContain(onlyAdds.slice(0, 12));
    // Nine commits, four of which name an earlier one.
    expect(scan.unrelated).toBe(5);
  });

  it('runs only the history cases when --cases is not given, and says how many it found', async () => {
    const { repo, buggy } = buildHistory();
    repo.commit('config', { '.reviewrc.json': JSON.stringify({ baseURL: server.url }) });
    server.setDefault(
      byCase({
        'Count the items in the cart': {
          review: {
            ...CLEAN_REVIEW,
            findings: [
              {
                severity: 'important',
                category: 'correctness',
                file: 'count.js',
                line: 3,
                endLine: null,
                quote: null,
                title: 'Off by one',
                detail: 'd',
              },
            ],
          },
        },
      }),
    );
    const progress: string[] = [];
    const result = await runEval({
      cwd: repo.dir,
      env: hermeticEnv({ OPENAI_API_KEY: 'sk-test' }),
      casesDir: null,
      shippedCasesDir: '/nonexistent',
      fromHistory: 30,
      repeat: 1,
      config: null,
      now: () => new Date(),
      onProgress: (l) => progress.push(l),
    });
    expect(progress[0]).toBe('from history: 2 cases in the last 10 commits, 2 skipped (see the report)');
    expect(result.casesFrom).toEqual(['the last 10 commits']);
    expect(result.history).toMatchObject({ found: 2, scanned: 10, unrelated: 6 });
    expect(result.summary.total).toMatchObject({ expected: 2, found: 1, recall: 0.5, precision: 1 });
    expect(result.summary.cases.find((c) => c.id === `history-${buggy.slice(0, 12)}`)?.scores.found).toBe(1);
  });
});

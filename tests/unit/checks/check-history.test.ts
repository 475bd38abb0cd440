// The checks over every pushed commit, judged against the pushed head, on real repositories.
import { describe, expect, test } from 'vitest';
import { checkPushedHistory } from '../../../src/checks/check-history.js';
import { DEFAULTS } from '../../../src/config/schema.js';
import type { ReviewConfig } from '../../../src/config/types.js';
import { createGit } from '../../../src/git/exec-git.js';
import type { PushRange } from '../../../src/domain/types.js';
import { FAKE, pemKey } from '../../helpers/fake-secrets.js';
import { createRepo, type TestRepo } from '../../helpers/git-repo.js';

const config = structuredClone(DEFAULTS) as ReviewConfig;

function rangeOf(repo: TestRepo, base: string): PushRange {
  const commits = repo.git('rev-list', '--reverse', `${base}..HEAD`).trim().split('\n').filter(Boolean);
  return { ref: 'refs/heads/main', base, head: repo.head(), commits, notes: [] };
}

const check = (repo: TestRepo, ranges: PushRange[]) => checkPushedHistory(createGit(repo.dir, repo.env), ranges, config);

describe('checkPushedHistory', () => {
  test('a key added in one commit and removed in the next blocks, on the commit that has it, with the rebase that removes it', async () => {
    const repo = createRepo();
    const base = repo.commit('base', { 'src/app.js': 'export const a = 1;\n' });
    const added = repo.commit('add signing', { 'src/sign.js': `// signing\nconst KEY = \`\n${pemKey()}\n\`;\n` });
    repo.commit('drop the key', {
      'src/sign.js': '// signing\nconst KEY = process.env.KEY;\n',
      'src/app.js': 'one\ntwo\nthree\nfour\nexport const a = 1;\n',
    });

    const result = await check(repo, [rangeOf(repo, base)]);

    expect(result.commitsChecked).toBe(2);
    expect(result.findings.map((f) => [f.source, f.file, f.line, f.commit])).toEqual([['check:private-key', 'src/sign.js', 3, added]]);
    const detail = result.findings[0]!.detail;
    expect(detail).toContain(`git rebase -i ${added.slice(0, 12)}^`);
    expect(detail).toContain('`edit`');
    expect(detail).not.toContain('--fixup');
  });

  test("a secret still in the head is placed on the head's line, not the line it had in the commit that added it", async () => {
    const repo = createRepo();
    const base = repo.commit('base');
    const added = repo.commit('config', { 'conf.js': `const token = "${FAKE.githubToken}";\n` });
    repo.commit('header', { 'conf.js': `// one\n// two\n// three\nconst token = "${FAKE.githubToken}";\n` });

    const result = await check(repo, [rangeOf(repo, base)]);

    expect(result.findings.map((f) => [f.source, f.file, f.line, f.commit])).toEqual([['check:secrets', 'conf.js', 4, undefined]]);
    expect(result.findings[0]!.detail).toContain(`git commit -a --fixup=${added.slice(0, 12)}`);
    expect(result.findings[0]!.detail).toContain(`git rebase -i --autosquash ${added.slice(0, 12)}^`);
  });

  test('a first commit is rewritten from --root', async () => {
    const repo = createRepo();
    const root = repo.commit('root', { 'k.txt': `${pemKey()}\n` });
    repo.commit('remove', { 'k.txt': 'gone\n' });

    const result = await check(repo, [
      { ...rangeOf(repo, root), base: '4b825dc642cb6eb9a060e54bf8d69288fbee4904', commits: [root, repo.head()] },
    ]);

    expect(result.findings.map((f) => f.commit)).toEqual([root]);
    expect(result.findings[0]!.detail).toContain('git rebase -i --root');
  });

  test('conflict markers an intermediate commit added and a later one removed do not block; a note names the commit', async () => {
    const repo = createRepo();
    const base = repo.commit('base', { 'f.txt': 'a\nb\n' });
    const broken = repo.commit('merge badly', { 'f.txt': 'a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> side\n' });
    repo.commit('fix the merge', { 'f.txt': 'a\nb\nc\n' });

    const result = await check(repo, [rangeOf(repo, base)]);

    expect(result.findings).toEqual([]);
    expect(result.notes).toEqual([expect.stringContaining(`f.txt: commit ${broken.slice(0, 12)} added merge-conflict markers`)]);
  });

  test("conflict markers still in the head block, on the head's line", async () => {
    const repo = createRepo();
    const base = repo.commit('base', { 'f.txt': 'a\nb\n' });
    repo.commit('merge badly', { 'f.txt': 'a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> side\n' });
    repo.commit('edit above', { 'f.txt': 'zero\na\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> side\n' });

    const result = await check(repo, [rangeOf(repo, base)]);

    expect(result.findings.map((f) => [f.source, f.severity, f.file, f.line, f.commit])).toEqual([
      ['check:conflict-markers', 'critical', 'f.txt', 3, undefined],
    ]);
  });

  test('commits left out of the review by maxCommits (everyCommit) are still checked', async () => {
    const repo = createRepo();
    const first = repo.commit('one', { 'k.txt': `${pemKey()}\n` });
    repo.commit('two', { 'k.txt': 'gone\n' });
    const third = repo.commit('three', { 'x.txt': 'x\n' });
    const capped: PushRange = {
      ref: 'refs/heads/main',
      base: repo.head('HEAD~1'),
      head: third,
      commits: [third],
      everyCommit: [first, repo.head('HEAD~1'), third],
      notes: [],
    };

    const result = await check(repo, [capped]);

    expect(result.commitsChecked).toBe(3);
    expect(result.findings.map((f) => [f.file, f.commit])).toEqual([['k.txt', first]]);
  });

  test('a secret in a commit message names no file and says how to reword it', async () => {
    const repo = createRepo();
    const base = repo.commit('base');
    const oid = repo.commit(`deploy with ${FAKE.githubToken}`);

    const result = await check(repo, [rangeOf(repo, base)]);

    expect(result.findings.map((f) => [f.file, f.commit, f.title])).toEqual([[null, undefined, 'GitHub token in a commit message']]);
    expect(result.findings[0]!.detail).toContain(`\`reword\` on ${oid.slice(0, 12)}`);
  });

  test('a key in a line far longer than a streamed piece is still found, once', async () => {
    const repo = createRepo();
    const base = repo.commit('base');
    const filler = 'x'.repeat(150_000);
    repo.commit('blob', { 'data.txt': `${filler} token=${FAKE.githubToken} ${filler}\n` });

    const result = await check(repo, [rangeOf(repo, base)]);

    expect(result.findings.map((f) => [f.source, f.file, f.line])).toEqual([['check:secrets', 'data.txt', 1]]);
    expect(result.secrets.map((s) => s.value)).toContain(FAKE.githubToken);
  });
});

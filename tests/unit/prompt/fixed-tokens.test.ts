// What a request costs beyond its diff, on a real repository: a range of 200 commits, each with a
// subject and a body, read through the pipeline (changeset, task context, prompt) and counted with
// the tokenizer the budgets use.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../../src/config/schema.js';
import type { ReviewConfig } from '../../../src/config/types.js';
import { gatherTaskContext } from '../../../src/context/gather-task-context.js';
import { collectChangeset } from '../../../src/git/changeset.js';
import { createGit } from '../../../src/git/exec-git.js';
import { openRepo } from '../../../src/git/repo.js';
import { buildMessages, loadTemplate } from '../../../src/prompt/build-prompt.js';
import { renderDiff } from '../../../src/prompt/render-diff.js';
import { loadTokenCounter, messageTokens } from '../../../src/prompt/tokens.js';
import { createRepo } from '../../helpers/git-repo.js';

/** 200 commits on top of `base`, written in one `git fast-import` (200 `git commit`s take seconds). */
function twoHundredCommits(dir: string, env: Record<string, string>): void {
  const lines: string[] = [];
  for (let i = 1; i <= 200; i++) {
    const message = `Raise the counter to ${i} for the batch importer\n\nThe importer reads the counter on start-up; step ${i} of the migration.\nTested with the importer's fixtures.\n`;
    const content = `export const counter = ${i};\n`;
    lines.push(
      'commit refs/heads/main',
      `committer Test Author <author@example.com> ${1_700_000_000 + i} +0000`,
      `data ${Buffer.byteLength(message)}`,
      message,
      ...(i === 1 ? ['from refs/heads/main^0'] : []),
      `M 100644 inline src/counter.js`,
      `data ${Buffer.byteLength(content)}`,
      content,
    );
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, env, input: `${lines.join('\n')}\n` });
  execFileSync('git', ['reset', '-q', '--hard', 'main'], { cwd: dir, env });
}

describe('the fixed part of a request', () => {
  it('is at most 1,500 tokens for a 200-commit range, with each commit at most once', async () => {
    const repo = createRepo();
    const base = repo.commit('initial', { 'README.md': '# demo\n' });
    twoHundredCommits(repo.dir, repo.env);
    const commits = repo.git('rev-list', '--reverse', `${base}..HEAD`).trim().split('\n');
    expect(commits).toHaveLength(200);

    const git = createGit(repo.dir, repo.env);
    const info = await openRepo(git);
    const config = structuredClone(DEFAULTS as ReviewConfig);
    const changeset = await collectChangeset(git, info, [{ ref: 'refs/heads/main', base, head: repo.head(), commits, notes: [] }], config);
    const task = await gatherTaskContext({
      git,
      repo: info,
      changeset,
      config,
      issueIds: [],
      branch: 'main',
      env: repo.env,
      commonDir: info.commonDir,
    });
    const messages = buildMessages({ changeset, ...task, instructions: '' }, await loadTemplate());
    const count = await loadTokenCounter();

    const fixed = messageTokens(messages, count) - count(renderDiff(changeset.files));
    expect(fixed).toBeLessThanOrEqual(1500);
    const user = messages[1]!.content;
    expect(user).toContain('Raise the counter to 200 ');
    expect(user).toMatch(/- …and \d+ older commits not listed \(200 in all\)/);
    for (const n of [200, 199, 150]) expect(user.split(`Raise the counter to ${n} `).length - 1).toBeLessThanOrEqual(1);
  });
});

// The task context from real repositories with a Beads tracker (record shapes from several
// versions), a stand-in `bd`, and a configured context command.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRepo, hermeticEnv, tempDir, type TestRepo } from '../../helpers/git-repo.js';
import { config, fakeBd, gather, jsonl, rec } from './beads-repo.js';

const LOGIN = rec({
  id: 'bd-a1b2',
  title: 'Add login form',
  status: 'open',
  priority: 1,
  issue_type: 'feature',
  labels: ['auth'],
  description: 'Users log in with email and password.\nSee docs/plans/login.md (Testing section).\n- [ ] form\n- [ ] rate limiting',
  acceptance_criteria: 'Five failed attempts lock the account for 15 minutes.',
  dependencies: [
    { issue_id: 'bd-a1b2', depends_on_id: 'bd-epic', type: 'parent-child', created_at: 'x' },
    { issue_id: 'bd-a1b2', depends_on_id: 'bd-sess', type: 'blocks', created_at: 'x' },
  ],
});
const EPIC = rec({ id: 'bd-epic', title: 'Accounts', issue_type: 'epic' });
const SESSIONS = rec({ id: 'bd-sess', title: 'Session store', status: 'closed' });
const OTHER = rec({ id: 'bd-c3d4', title: 'Dark mode', description: 'Add a dark theme.' });
const PLAN = '# Login plan\n\nIntro.\n\n## Testing\n\nUnit tests cover lockout after five failures.\n\n## Rollout\n\nBehind a flag.\n';

/** A repository whose base commit has the tracker and the plan; returns the base oid. */
function trackedRepo(records = [LOGIN, EPIC, SESSIONS, OTHER]): { repo: TestRepo; base: string } {
  const repo = createRepo();
  const base = repo.commit('initial', {
    '.beads/issues.jsonl': jsonl(...records),
    'docs/plans/login.md': PLAN,
    'src/app.js': 'export {};\n',
  });
  return { repo, base };
}

describe('without a tracker', () => {
  it('the commits alone, no task, no warnings', async () => {
    const repo = createRepo();
    const base = repo.commit('initial', { 'a.txt': '1\n' });
    repo.commit('Add login (bd-a1b2)', { 'src/login.js': 'x\n' });
    const result = await gather(repo, { base, branch: 'bd-a1b2-login' });
    expect(result.taskContext).toBeNull();
    expect(result.requirements).toBeNull();
    // The commits are added by the prompt; the tracker has nothing to add.
    expect(result.implemented).toBeNull();
    expect(result.issues).toEqual([]);
    expect(result.task).toEqual([]);
    expect(result.plans).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.previousRound).toBeNull();
  });

  it('--issue without a tracker is a warning, not a failure', async () => {
    const repo = createRepo();
    const base = repo.commit('initial', { 'a.txt': '1\n' });
    repo.commit('work', { 'b.txt': '2\n' });
    const result = await gather(repo, { base, issues: ['bd-a1b2'] });
    expect(result.taskContext).toBeNull();
    expect(result.warnings).toEqual([expect.stringContaining('--issue bd-a1b2: no issue tracker found')]);
  });

  it('documents the commits reference are still read', async () => {
    const repo = createRepo();
    const base = repo.commit('initial', { 'docs/plans/login.md': PLAN });
    repo.commit('Implement the Rollout section of docs/plans/login.md', { 'src/flag.js': 'x\n' });
    const result = await gather(repo, { base });
    expect(result.taskContext).toBeNull();
    expect(result.requirements).toContain('[doc:docs/plans/login.md, section "Rollout"');
    expect(result.requirements).toContain('Behind a flag.');
    expect(result.requirements).not.toContain('Unit tests cover');
  });

  it('context.beads: false ignores the tracker', async () => {
    const { repo, base } = trackedRepo();
    repo.commit('Add form (bd-a1b2)', { 'src/login.js': 'x\n' });
    const result = await gather(repo, { base, config: config({ context: { ...config().context, beads: false } }) });
    expect(result.taskContext).toBeNull();
  });
});

describe('finding the issue', () => {
  const cases: Array<{ name: string; message: string; branch?: string; issues?: string[]; expected: string[] }> = [
    { name: 'a commit trailer', message: 'Add form\n\nExplains.\n\nRefs: bd-a1b2', expected: ['bd-a1b2'] },
    { name: 'each issue trailer key', message: 'Add form\n\nCloses: bd-a1b2\nFixes: bd-c3d4', expected: ['bd-a1b2', 'bd-c3d4'] },
    { name: '(id) in the subject', message: 'Add form (bd-a1b2)', expected: ['bd-a1b2'] },
    { name: 'the branch name, at its start', message: 'Add form', branch: 'bd-a1b2-login-form', expected: ['bd-a1b2'] },
    { name: 'the branch name, after a slash', message: 'Add form', branch: 'feature/bd-c3d4', expected: ['bd-c3d4'] },
    { name: 'a mention in a commit body', message: 'Add form\n\nThis is the first step of bd-a1b2.', expected: ['bd-a1b2'] },
    { name: '--issue is the whole task', message: 'Add form (bd-a1b2)', issues: ['bd-c3d4'], expected: ['bd-c3d4'] },
    { name: '--issue with the hash alone', message: 'Add form', issues: ['c3d4'], expected: ['bd-c3d4'] },
    {
      name: 'trailers outrank subjects, subjects outrank the branch',
      message: 'Add form (bd-c3d4)\n\nRefs: bd-epic',
      branch: 'bd-a1b2',
      expected: ['bd-epic', 'bd-c3d4', 'bd-a1b2'],
    },
    { name: 'at most three', message: 'x (bd-a1b2, bd-c3d4, bd-epic, bd-sess)', expected: ['bd-a1b2', 'bd-c3d4', 'bd-epic'] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { repo, base } = trackedRepo();
      repo.commit(c.message, { 'src/login.js': 'export const login = 1;\n' });
      const result = await gather(repo, { base, branch: c.branch ?? 'main', issues: c.issues ?? [] });
      expect(result.issues).toEqual(c.expected);
      expect(result.warnings).toEqual([]);
    });
  }

  it('the records the push edits, most changed first, when nothing names an issue', async () => {
    const { repo, base } = trackedRepo();
    const edited = [
      { ...LOGIN, status: 'in_progress', notes: 'Form rendered; validation next.', updated_at: '2026-02-01T00:00:00Z' },
      EPIC,
      SESSIONS,
      { ...OTHER, labels: ['ui'], updated_at: '2026-02-01T00:00:00Z' },
    ];
    repo.commit('Add the form', { 'src/login.js': 'x\n', '.beads/issues.jsonl': jsonl(...edited) });
    const result = await gather(repo, { base, branch: 'main' });
    expect(result.issues).toEqual(['bd-a1b2']);
    expect(result.taskContext).toContain('its tracker record is edited by this push');
    expect(result.taskContext).toContain('Status: in_progress (was open before this push)');
    expect(result.implemented).toContain('Form rendered; validation next.');
  });

  it('words that look like ids are not issues unless the tracker has them', async () => {
    const { repo, base } = trackedRepo();
    repo.commit('Fix the pre-push hook (feature-login)\n\nRefs: bd-zzzz\nSee also bd-pre-push and web-a1b2.', { 'src/login.js': 'x\n' });
    const result = await gather(repo, { base, branch: 'feature-login' });
    expect(result.issues).toEqual([]);
    expect(result.taskContext).toBeNull();
  });

  it('a tracker with an id that looks like a word finds it only where ids are read', async () => {
    const { repo, base } = trackedRepo([rec({ id: 'feature-login', title: 'Login feature' }), LOGIN]);
    repo.commit('Work on it', { 'src/login.js': 'x\n' });
    const result = await gather(repo, { base, branch: 'feature-login' });
    expect(result.issues).toEqual(['feature-login']);
  });

  it('an --issue the tracker does not have is a warning', async () => {
    const { repo, base } = trackedRepo();
    repo.commit('Add form (bd-a1b2)', { 'src/login.js': 'x\n' });
    const result = await gather(repo, { base, issues: ['bd-nope'] });
    expect(result.issues).toEqual(['bd-a1b2']);
    expect(result.warnings).toEqual(['--issue bd-nope: no such issue in the tracker']);
  });
});

describe('the task is the issue the push implements, not every record it touches', () => {
  const TASK = rec({ id: 'bd-task', title: 'Parse config files', description: 'Parse .reviewrc.\n- [ ] yaml\n- [ ] json', notes: '' });
  const CHORE = rec({ id: 'bd-chore', title: 'Bump deps', description: 'Upgrade every dependency to its newest major.\n- [ ] vite 8' });
  const DOCS = rec({ id: 'bd-docs', title: 'Fix typos', description: 'Typos in the guide.\n- [ ] guide' });

  function closingPush(message: string): { repo: TestRepo; base: string } {
    const { repo, base } = trackedRepo([TASK, CHORE, DOCS]);
    const later = '2026-03-01T00:00:00Z';
    repo.commit(message, {
      'src/config.js': 'export const parse = () => ({});\n',
      '.beads/issues.jsonl': jsonl(
        {
          ...TASK,
          status: 'in_progress',
          description: `${String(TASK.description)}\n\nProgress: yaml and json done, 14 tests pass.`,
          updated_at: later,
        },
        { ...CHORE, status: 'closed', close_reason: 'done', closed_at: later, updated_at: later, labels: ['deps'] },
        { ...DOCS, status: 'closed', close_reason: 'done', closed_at: later, updated_at: later },
      ),
    });
    return { repo, base };
  }

  it('a push that closes two other issues and writes progress into the task’s description', async () => {
    const { repo, base } = closingPush('Parse yaml and json\n\nAlso closes bd-chore and bd-docs, which were done earlier.');
    const result = await gather(repo, { base, branch: 'main' });

    expect(result.issues).toEqual(['bd-task']);
    expect(result.task).toEqual([{ id: 'bd-task', title: 'Parse config files', foundBy: 'edited record' }]);
    // The task as it stood before the push; the progress the push wrote is the author's claim.
    expect(result.taskContext).toContain('Description (as it stood before this push, which rewrites it):\nParse .reviewrc.');
    expect(result.taskContext).not.toContain('Progress: yaml and json done');
    expect(result.implemented).toContain(
      'What this push added to the description of bd-task:\nProgress: yaml and json done, 14 tests pass.',
    );
    // The closed issues are one line each, never requirements.
    expect(result.implemented).toContain('- bd-chore "Bump deps": status open → closed, close_reason, labels');
    expect(result.implemented).toContain('- bd-docs "Fix typos": status open → closed, close_reason');
    for (const text of [result.taskContext, result.requirements, result.implemented]) {
      expect(text).not.toContain('Upgrade every dependency');
      expect(text).not.toContain('vite 8');
      expect(text).not.toContain('Typos in the guide');
    }
    expect(result.requirements).toContain('[beads:bd-task checklist in the description]\n- [ ] yaml\n- [ ] json');
  });

  it('--issue X makes X the whole task; the records the push rewrites or closes are one line each', async () => {
    const { repo, base } = closingPush('Parse yaml and json (bd-chore)');
    const result = await gather(repo, { base, branch: 'main', issues: ['bd-docs'] });
    expect(result.issues).toEqual(['bd-docs']);
    expect(result.task).toEqual([{ id: 'bd-docs', title: 'Fix typos', foundBy: '--issue' }]);
    expect(result.taskContext).toContain('Issue bd-docs: Fix typos');
    expect(result.taskContext).not.toContain('bd-task');
    expect(result.taskContext).not.toContain('bd-chore');
    expect(result.implemented).toContain('- bd-task "Parse config files": description, status open → in_progress');
    expect(result.implemented).toContain('- bd-chore "Bump deps": status open → closed');
  });

  it('an issue named in a subject stays the task even when the push only closes it', async () => {
    const { repo, base } = trackedRepo([TASK, CHORE]);
    repo.commit('Upgrade vite (bd-chore)', {
      'package.json': '{}\n',
      '.beads/issues.jsonl': jsonl(TASK, { ...CHORE, status: 'closed', close_reason: 'done' }),
    });
    const result = await gather(repo, { base, branch: 'main' });
    expect(result.task).toEqual([{ id: 'bd-chore', title: 'Bump deps', foundBy: 'subject' }]);
  });
});

describe('plans are plans', () => {
  it('governance and history files a commit mentions are not read as the plan; a plan it names is', async () => {
    const repo = createRepo();
    const base = repo.commit('initial', {
      'docs/plans/login.md': PLAN,
      'CONTRIBUTING.md': '# Contributing\n\nRun the tests.\n',
      'CHANGELOG.md': '# Changelog\n\n## 1.0\n',
      'docs/SECURITY.md': '# Security\n',
      'README.md': '# Demo\n',
    });
    repo.commit(
      'Add the Rollout section of docs/plans/login.md\n\nAs CONTRIBUTING.md asks, CHANGELOG.md has an entry; see README.md and docs/SECURITY.md.',
      { 'src/flag.js': 'x\n' },
    );
    const result = await gather(repo, { base, branch: 'main' });
    expect(result.plans).toEqual([{ path: 'docs/plans/login.md', sections: ['Rollout'] }]);
    expect(result.requirements).not.toContain('Run the tests.');
    expect(result.requirements).not.toContain('[doc:CHANGELOG.md');
  });

  it('a governance file the task itself names is read', async () => {
    const { repo, base } = trackedRepo([
      rec({ id: 'bd-rd', title: 'Document setup', description: 'Rewrite the Setup section of README.md.' }),
    ]);
    repo.commit('Document setup (bd-rd)', { 'README.md': '# Demo\n\n## Setup\n\nnpm ci\n' });
    const result = await gather(repo, { base, branch: 'main' });
    expect(result.plans).toEqual([{ path: 'README.md', sections: ['Setup'] }]);
  });
});

describe('what the prompt gets', () => {
  it('the task as asked, its parent and dependencies, the claims after the push, and the requirements', async () => {
    const { repo, base } = trackedRepo();
    // The push closes the issue, drops "rate limiting" from the description and weakens the criteria.
    const after = {
      ...LOGIN,
      status: 'closed',
      description: 'Users log in with email and password.\nSee docs/plans/login.md (Testing section).\n- [x] form',
      acceptance_criteria: 'Failed attempts are logged.',
      notes: 'Done: form and lockout.',
      close_reason: 'Implemented',
      updated_at: '2026-02-01T00:00:00Z',
    };
    repo.commit('Add login form (bd-a1b2)\n\nRenders the form and locks accounts.\n\nSigned-off-by: Dev <dev@example.com>', {
      'src/login.js': 'export function login() {}\n',
      '.beads/issues.jsonl': jsonl(after, EPIC, SESSIONS, OTHER),
      'docs/plans/login.md': PLAN.replace('lockout after five failures', 'lockout after five failures, at HEAD'),
    });
    // The work tree's copy of the plan differs from HEAD's: HEAD is what is read.
    writeFileSync(join(repo.dir, 'docs/plans/login.md'), '# uncommitted\n');

    const result = await gather(repo, { base, branch: 'main' });

    expect(result.taskContext).toContain('Issue bd-a1b2: Add login form');
    expect(result.taskContext).toContain('Status: closed (was open before this push) | Priority: P1 | Type: feature | Labels: auth');
    expect(result.taskContext).toContain('Description (as it stood before this push, which rewrites it):');
    expect(result.taskContext).toContain('- [ ] rate limiting');
    expect(result.taskContext).toContain('Parent: bd-epic "Accounts" [open]');
    expect(result.taskContext).toContain('- bd-sess "Session store" [closed] (blocks)');

    expect(result.implemented).toContain('The description of bd-a1b2 as this push rewrites it:\nUsers log in with email and password.');
    expect(result.implemented).toContain('The progress notes of bd-a1b2 as this push rewrites it:\nDone: form and lockout.');
    expect(result.implemented).toContain('Close reason of bd-a1b2: Implemented');
    expect(result.task).toEqual([{ id: 'bd-a1b2', title: 'Add login form', foundBy: 'edited record' }]);
    expect(result.plans).toEqual([{ path: 'docs/plans/login.md', sections: ['Testing'] }]);

    expect(result.requirements).toContain(
      '[beads:bd-a1b2 acceptance_criteria] (as it stood before this push, which rewrites it)\nFive failed attempts lock the account for 15 minutes.',
    );
    expect(result.requirements).toContain('[beads:bd-a1b2 checklist in the description]\n- [ ] form\n- [ ] rate limiting');
    expect(result.requirements).toContain(`[doc:docs/plans/login.md, section "Testing" at ${repo.head().slice(0, 12)}]`);
    expect(result.requirements).toContain('lockout after five failures, at HEAD');
    expect(result.requirements).not.toContain('Behind a flag.');
    expect(result.requirements).not.toContain('uncommitted');
  });

  it('the tracker files stay out of the reviewed diff, with the reason', async () => {
    const { repo, base } = trackedRepo();
    repo.commit('Add form (bd-a1b2)', {
      'src/login.js': 'x\n',
      '.beads/issues.jsonl': jsonl({ ...LOGIN, status: 'in_progress' }, EPIC, SESSIONS, OTHER),
      '.beads/metadata.json': '{"database":"beads.db","jsonl_export":"issues.jsonl"}\n',
    });
    const { changeset } = await gather(repo, { base });
    expect(changeset.files.map((f) => f.path)).toEqual(['src/login.js']);
    expect(changeset.skipped).toEqual([
      { file: '.beads/issues.jsonl', reason: 'excluded by pattern .beads/' },
      { file: '.beads/metadata.json', reason: 'excluded by pattern .beads/' },
    ]);
  });

  it('a newer record in the work tree (written after the commit) is the latest word', async () => {
    const { repo, base } = trackedRepo();
    repo.commit('Add form (bd-a1b2)', { 'src/login.js': 'x\n' });
    writeFileSync(
      join(repo.dir, '.beads/issues.jsonl'),
      jsonl(
        { ...LOGIN, status: 'closed', close_reason: 'Closed after the commit', updated_at: '2026-03-01T00:00:00Z' },
        EPIC,
        SESSIONS,
        OTHER,
      ),
    );
    const result = await gather(repo, { base });
    expect(result.implemented).toContain('Close reason of bd-a1b2: Closed after the commit');
    expect(result.taskContext).toContain('read from .beads/issues.jsonl in the work tree');
  });

  it('an export kept only in the work tree (not committed, as Beads 1.0.5+ leaves it)', async () => {
    const repo = createRepo();
    const base = repo.commit('initial', { '.gitignore': '.beads/issues.jsonl\n', 'a.txt': '0\n' });
    repo.write({ '.beads/issues.jsonl': jsonl(LOGIN, EPIC, SESSIONS) });
    repo.commit('Add form (bd-a1b2)', { 'a.txt': '1\n' });
    const result = await gather(repo, { base });
    expect(result.issues).toEqual(['bd-a1b2']);
    expect(result.taskContext).toContain('read from .beads/issues.jsonl in the work tree');
    expect(result.changeset.skipped).toEqual([]);
  });

  it('older trackers: beads.jsonl named by metadata.json, P0 without a priority, tombstones, malformed lines', async () => {
    const repo = createRepo();
    const content = [
      JSON.stringify({ id: 'old-x1', title: 'Urgent fix', status: 'in_progress', issue_type: 'bug', created_at: 'x', updated_at: 'y' }),
      JSON.stringify({ id: 'old-y2', title: 'Deleted', status: 'tombstone', deleted_at: 'z', created_at: 'x', updated_at: 'y' }),
      '<<<<<<< HEAD',
      '',
    ].join('\n');
    const base = repo.commit('initial', {
      '.beads/beads.jsonl': content,
      '.beads/issues.jsonl': jsonl(rec({ id: 'old-x1', title: 'Stale copy' })),
      '.beads/metadata.json': '{"database":"beads.db","jsonl_export":"beads.jsonl"}',
    });
    repo.commit('Fix it (old-x1) (old-y2)', { 'a.txt': '1\n' });
    const result = await gather(repo, { base });
    expect(result.issues).toEqual(['old-x1']);
    expect(result.taskContext).toContain('Issue old-x1: Urgent fix');
    expect(result.taskContext).toContain('Priority: P0');
    // Read at the head and in the work tree, the same file's problem is said once, naming both.
    expect(result.warnings.filter((w) => /^\.beads\/beads\.jsonl \(?(at|in).*skipped 1 malformed line \(line 3\)$/.test(w))).toHaveLength(
      1,
    );
  });

  it('newer exports with _type lines and memories', async () => {
    const repo = createRepo();
    const base = repo.commit('initial', {
      '.beads/issues.jsonl': jsonl(
        { _type: 'memory', id: 'mem-1', title: 'remember', content: 'x' },
        rec({ _type: 'issue', id: 'app-k9.1', title: 'Child task', dependency_count: 1, comment_count: 0, parent: 'app-k9' }),
        rec({ _type: 'issue', id: 'app-k9', title: 'Parent epic', issue_type: 'epic' }),
      ),
    });
    repo.commit('Child work (app-k9.1)\n\nAlso touches mem-1.', { 'a.txt': '1\n' });
    const result = await gather(repo, { base });
    expect(result.issues).toEqual(['app-k9.1']);
    expect(result.taskContext).toContain('Parent: app-k9 "Parent epic" [open]');
  });

  it('a plan section named in the issue title ("Task 2")', async () => {
    const plan = '# Plan\n\n### Task 1: Setup\none\n\n### Task 2: Lockout\nLock after five failures.\n\n### Task 3: Docs\nthree\n';
    const { repo, base } = trackedRepo([
      rec({ id: 'bd-t2', title: 'Task 2: lockout', description: 'Plan: docs/superpowers/plans/2026-01-01-login.md' }),
    ]);
    repo.commit('plan', { 'docs/superpowers/plans/2026-01-01-login.md': plan });
    const mid = repo.head();
    repo.commit('Lockout (bd-t2)', { 'src/lock.js': 'x\n' });
    const result = await gather(repo, { base: mid });
    expect(result.requirements).toContain('section "Task 2: Lockout"');
    expect(result.requirements).toContain('Lock after five failures.');
    expect(result.requirements).not.toContain('Task 3');
    void base;
  });
});

describe('bd, when there is no export', () => {
  const issue = {
    id: 'web-q7x',
    title: 'Dolt-only task',
    status: 'in_progress',
    priority: 2,
    issue_type: 'task',
    description: 'Keep it simple.',
    acceptance_criteria: 'It works.',
    parent: 'web-epic',
    dependencies: [{ id: 'web-dep', title: 'Other thing', status: 'open', dependency_type: 'blocks' }],
  };

  function doltRepo(): { repo: TestRepo; base: string } {
    const repo = createRepo();
    const base = repo.commit('initial', { '.beads/config.yaml': 'issue-prefix: web\n', '.beads/.gitignore': 'dolt/\n' });
    return { repo, base };
  }

  for (const shape of ['array', 'object', 'envelope']) {
    it(`reads bd show --json output as ${shape}`, async () => {
      const { repo, base } = doltRepo();
      repo.commit('Do it (web-q7x)\n\nMentions web-nope too.', { 'a.txt': '1\n' });
      const bd = fakeBd({ 'web-q7x': issue });
      const env = hermeticEnv({ PATH: `${bd.dir}:${process.env.PATH ?? ''}`, FAKE_BD_SHAPE: shape });
      const result = await gather(repo, { base, env });
      expect(result.issues).toEqual(['web-q7x']);
      expect(result.taskContext).toContain('Issue web-q7x: Dolt-only task');
      expect(result.taskContext).toContain('read from bd show');
      expect(result.taskContext).toContain('Parent: web-epic');
      expect(result.taskContext).toContain('- web-dep "Other thing" [open] (blocks)');
      expect(result.requirements).toContain('[beads:web-q7x acceptance_criteria]\nIt works.');
      expect(result.warnings).toEqual([]);
    });
  }

  it('asks bd in the repository, with the daemon off, only for candidates', async () => {
    const { repo, base } = doltRepo();
    repo.commit('Do it (web-q7x)', { 'a.txt': '1\n' });
    const bd = fakeBd({ 'web-q7x': issue });
    const env = hermeticEnv({ PATH: `${bd.dir}:${process.env.PATH ?? ''}` });
    await gather(repo, { base, env, branch: 'main' });
    const { readFileSync } = await import('node:fs');
    const calls = readFileSync(bd.log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { argv: string[]; cwd: string; noDaemon: string });
    expect(calls).toEqual([{ argv: ['show', 'web-q7x', '--json'], cwd: repo.dir, noDaemon: '1' }]);
  });

  it('without bd installed: no task, no warning', async () => {
    const { repo, base } = doltRepo();
    repo.commit('Do it (web-q7x)', { 'a.txt': '1\n' });
    const env = hermeticEnv({ PATH: tempDir('empty-path-') + ':/usr/bin:/bin' });
    // git itself must still be found; bd must not.
    const result = await gather(repo, { base, env });
    expect(result.taskContext).toBeNull();
    expect(result.warnings).toEqual([]);
  });

  it('a bd that hangs is a warning, and the review goes on', async () => {
    const { repo, base } = doltRepo();
    repo.commit('Do it (web-q7x)', { 'a.txt': '1\n' });
    const bd = fakeBd({});
    const env = hermeticEnv({ PATH: `${bd.dir}:${process.env.PATH ?? ''}`, FAKE_BD_SLEEP: '20000' });
    const cfg = config({ context: { ...config().context, timeoutSeconds: 1 } });
    // bd would sleep 20 s, past the test's timeout: only the 1 s limit can end it in time.
    const result = await gather(repo, { base, env, config: cfg });
    expect(result.taskContext).toBeNull();
    expect(result.warnings).toEqual(['task context: bd show web-q7x timed out after 1s']);
  }, 10_000);
});

describe('context.command', () => {
  function viewer(): string {
    const dir = tempDir('viewer-');
    const path = join(dir, 'view-issue.js');
    writeFileSync(
      path,
      [
        'const id = process.argv[2];',
        "if (id === '404' || id === 'PROJ-404') { console.error('not found'); process.exit(1); }",
        'process.stdout.write(`\\u001b[1m#${id}\\u001b[0m Title of ${id}\\nDo the thing. Plan: docs/plan.md#rollout\\n`);',
      ].join('\n'),
    );
    return path;
  }

  it('runs the command per id with {id} replaced; its output is the task context', async () => {
    const repo = createRepo();
    const base = repo.commit('initial', { 'docs/plan.md': PLAN });
    repo.commit('Fix login\n\nFixes: #404\nRefs: #12', { 'a.txt': '1\n' });
    const cfg = config({ context: { ...config().context, command: [process.execPath, viewer(), '{id}'], idPattern: '#(\\d+)' } });
    const result = await gather(repo, { base, config: cfg });
    expect(result.issues).toEqual(['12']);
    expect(result.taskContext).toContain('Issue 12 (named in a commit trailer; from the context command');
    expect(result.taskContext).toContain('#12 Title of 12\nDo the thing.');
    expect(result.taskContext).not.toContain('\u001b');
    // The command's text is searched for plans too.
    expect(result.requirements).toContain('[doc:docs/plan.md, section "Rollout"');
  });

  it('the default pattern reads KEY-123 from the branch; --issue takes any token', async () => {
    const repo = createRepo();
    const base = repo.commit('initial', { 'a.txt': '0\n' });
    repo.commit('work', { 'a.txt': '1\n' });
    const cfg = config({ context: { ...config().context, command: [process.execPath, viewer(), '{id}'] } });
    const fromBranch = await gather(repo, { base, config: cfg, branch: 'feature/PROJ-7-login' });
    expect(fromBranch.issues).toEqual(['PROJ-7']);
    const fromFlag = await gather(repo, { base, config: cfg, issues: ['404', 'abc'] });
    expect(fromFlag.issues).toEqual(['abc']);
    expect(fromFlag.warnings).toEqual(['--issue 404: the context command found nothing (exit 1)']);
  });

  it('a missing command is a warning; the review goes on without a task', async () => {
    const repo = createRepo();
    const base = repo.commit('initial', { 'a.txt': '0\n' });
    repo.commit('work (PROJ-1)', { 'a.txt': '1\n' });
    const cfg = config({ context: { ...config().context, command: ['review-hook-no-such-viewer', '{id}'] } });
    const result = await gather(repo, { base, config: cfg });
    expect(result.taskContext).toBeNull();
    expect(result.warnings).toEqual(['context.command: review-hook-no-such-viewer was not found; reviewing without task context']);
  });

  it('a command without {id} runs once', async () => {
    const repo = createRepo();
    const base = repo.commit('initial', { 'a.txt': '0\n' });
    repo.commit('work', { 'a.txt': '1\n' });
    const cfg = config({
      context: { ...config().context, command: [process.execPath, '-e', 'console.log("Current sprint goal: login")'] },
    });
    const result = await gather(repo, { base, config: cfg });
    expect(result.taskContext).toContain('Current sprint goal: login');
  });
});

describe('the previous round', () => {
  it('a blocked review of the same ref gives its findings', async () => {
    const repo = createRepo();
    const base = repo.commit('initial', { 'a.txt': '0\n' });
    repo.commit('fix', { 'a.txt': '1\n' });
    const dir = join(repo.dir, '.git', 'review-hook');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'last-review.json'),
      JSON.stringify({
        version: 1,
        verdict: 'block',
        ranges: [{ ref: 'refs/heads/feature', base, head: 'f'.repeat(40), commits: ['f'.repeat(40)] }],
        findings: [
          {
            id: 'C1',
            severity: 'critical',
            category: 'security',
            file: 'a.txt',
            line: 1,
            endLine: null,
            title: 'Bad',
            detail: 'd',
            source: 'llm',
            located: true,
          },
        ],
      }),
    );
    const same = await gather(repo, { base });
    expect(same.previousRound).toContain('- C1 (critical) a.txt:1: Bad');
    expect(same.previousFindings.map((f) => f.id)).toEqual(['C1']);
    const other = await gather(repo, { base, ref: 'refs/heads/other' });
    expect(other.previousRound).toBeNull();
    expect(other.previousFindings).toEqual([]);
  });
});

describe('an export larger than is read', () => {
  it('the issues before the cap are found, and a warning says how much was read of how much', async () => {
    const { repo, base } = trackedRepo();
    repo.commit('Add login (bd-a1b2)', { 'src/login.js': 'export const login = 1;\n' });
    // The work tree's export grows past 32 MB (thousands of issues with long descriptions), the task near its start.
    const filler = (n: number) => JSON.stringify(rec({ id: `bd-f${n.toString(36)}`, title: `Filler ${n}`, description: 'd'.repeat(4000) }));
    const lines = [jsonl(LOGIN).trim()];
    let bytes = 0;
    for (let n = 0; bytes <= 33 * 1024 * 1024; n++) {
      const text = filler(n);
      lines.push(text);
      bytes += text.length + 1;
    }
    writeFileSync(join(repo.dir, '.beads', 'issues.jsonl'), `${lines.join('\n')}\n`);

    const result = await gather(repo, { base, branch: 'main' });

    expect(result.issues).toEqual(['bd-a1b2']);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(
      /^\.beads\/issues\.jsonl in the work tree: read the first 32 MB \([\d,]+ lines\) of 33 MB, the most read of a Beads export \(32 MB\); issues recorded after that are not known to this review$/,
    );
  });
});

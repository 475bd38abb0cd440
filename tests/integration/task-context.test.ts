// Task context end to end: real pushes in repositories with a Beads tracker
// (and without one), asserting what the model was sent and what the report says.
// In-process: the pipeline runs through src/cli/run-cli.ts; git and pushes are real (tests/helpers/in-process.ts).
import { describe, expect, test } from 'vitest';
import { createReviewedRepo, criticalReview, promptOf, useModelServer } from '../helpers/in-process.js';
import { CLEAN_REVIEW } from '../helpers/fake-openai.js';
import { QUERY } from '../helpers/reviews.js';

const server = useModelServer();

const record = (fields: Record<string, unknown>) =>
  JSON.stringify({
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    status: 'open',
    priority: 2,
    issue_type: 'task',
    ...fields,
  });

const LOGIN = {
  id: 'demo-k3x',
  title: 'Lock accounts after failed logins',
  status: 'open',
  priority: 1,
  issue_type: 'feature',
  labels: ['auth'],
  description:
    'Count failed logins per account. Follow docs/plans/lockout.md (Testing section).\n- [ ] count failures\n- [ ] lock after five',
  acceptance_criteria: 'The sixth attempt within 15 minutes is refused.',
  dependencies: [{ issue_id: 'demo-k3x', depends_on_id: 'demo-a1a', type: 'blocks', created_at: 'x' }],
};
const SESSIONS = { id: 'demo-a1a', title: 'Session store', status: 'closed' };
const PLAN =
  '# Lockout plan\n\n## Design\n\nA counter per account.\n\n## Testing\n\nA test locks an account after five failures.\n\n## Rollout\n\nFlag first.\n';

function trackerFiles(...records: Array<Record<string, unknown>>): Record<string, string> {
  return {
    'README.md': '# demo\n',
    'src/app.js': 'export const answer = 42;\n',
    '.beads/issues.jsonl': records.map(record).join('\n') + '\n',
    '.beads/metadata.json': '{"database":"beads.db","jsonl_export":"issues.jsonl"}\n',
    'docs/plans/lockout.md': PLAN,
  };
}

const FIXED = ['export function find(db, id) {', '  return db.query("SELECT * FROM t WHERE id = ?", [id]);', '}', ''].join('\n');

describe('task context', () => {
  test('the Beads issue a commit names is the task; its requirements and plan section are sent; the tracker file is not reviewed', async () => {
    const { repo, push } = await createReviewedRepo({ server, initial: trackerFiles(LOGIN, SESSIONS) });
    repo.commit('Count failed logins\n\nAdds a counter.\n\nRefs: demo-k3x', {
      'src/lockout.js': 'export const limit = 5;\n',
      // The push moves the issue along and rewrites the criteria; the prompt keeps what was asked.
      '.beads/issues.jsonl':
        [
          record({ ...LOGIN, status: 'in_progress', acceptance_criteria: 'Attempts are counted.', notes: 'Counter done; lock next.' }),
          record(SESSIONS),
        ].join('\n') + '\n',
    });

    const result = await push(['origin', 'main']);

    expect(result.status, result.stderr).toBe(0);
    const [request] = server.chatRequests();
    const prompt = promptOf(request!);
    const section = (name: string, next: string) => prompt.slice(prompt.indexOf(`## ${name}`), prompt.indexOf(`## ${next}`));
    const task = section('Task Context', 'What Was Implemented');
    expect(task).toContain('Issue demo-k3x: Lock accounts after failed logins');
    expect(task).toContain('Status: in_progress (was open before this push) | Priority: P1 | Type: feature | Labels: auth');
    expect(task).toContain('Count failed logins per account.');
    expect(task).toContain('- demo-a1a "Session store" [closed] (blocks)');
    const implemented = section('What Was Implemented', 'Requirements/Plan');
    expect(implemented).toContain('Count failed logins\n  Adds a counter.');
    expect(implemented).not.toContain('Refs: demo-k3x');
    expect(implemented).toContain('Counter done; lock next.');
    const requirements = section('Requirements/Plan', 'Code Changes to Review');
    expect(requirements).toContain(
      '[beads:demo-k3x acceptance_criteria] (as it stood before this push, which rewrites it)\nThe sixth attempt within 15 minutes is refused.',
    );
    expect(requirements).toContain('- [ ] lock after five');
    expect(requirements).toContain('[doc:docs/plans/lockout.md, section "Testing"');
    expect(requirements).toContain('A test locks an account after five failures.');
    expect(requirements).not.toContain('Flag first.');
    // The tracker's own file is context, not code: out of the diff, and the report says why.
    const diff = prompt.slice(prompt.indexOf('## Code Changes to Review'));
    expect(diff).toContain('=== src/lockout.js');
    expect(diff).not.toContain('=== .beads/issues.jsonl');
    expect(diff).not.toContain('Counter done; lock next.');
    expect(result.stderr).toContain('.beads/issues.jsonl (excluded by pattern .beads/)');
  });

  test('the branch name finds the issue; --issue in a manual run makes another the whole task', async () => {
    const other = { id: 'demo-z9z', title: 'Dark mode', description: 'Add a dark theme.' };
    const { repo, push, cli } = await createReviewedRepo({ server, initial: trackerFiles(LOGIN, SESSIONS, other) });
    repo.git('switch', '-q', '-c', 'demo-k3x-lockout');
    repo.commit('Lock after five failures', { 'src/lockout.js': 'export const limit = 5;\n' });

    const manual = await cli(['--issue', 'demo-z9z', '--format', 'json']);
    expect(manual.status, manual.stderr).toBe(0);
    const manualPrompt = promptOf(server.chatRequests()[0]!);
    expect(manualPrompt).toContain('Issue demo-z9z: Dark mode');
    expect(manualPrompt).not.toContain('demo-k3x');
    server.requests.length = 0;

    const pushed = await push(['-u', 'origin', 'demo-k3x-lockout']);
    expect(pushed.status, pushed.stderr).toBe(0);
    const prompt = promptOf(server.chatRequests()[0]!);
    expect(prompt).toContain('Issue demo-k3x: Lock accounts after failed logins');
    expect(prompt).toContain('named by the branch');
    expect(prompt).not.toContain('demo-z9z');
  });

  test('a word that looks like an id is not a task; the prompt says no task was found', async () => {
    const { repo, push } = await createReviewedRepo({ server, initial: trackerFiles(LOGIN, SESSIONS) });
    repo.git('switch', '-q', '-c', 'feature-login');
    repo.commit('Tidy the pre-push script (demo-nope)', { 'src/app.js': 'export const answer = 43;\n' });

    const result = await push(['-u', 'origin', 'feature-login']);

    expect(result.status, result.stderr).toBe(0);
    const prompt = promptOf(server.chatRequests()[0]!);
    expect(prompt).toContain('No task was found for this push');
    expect(prompt).not.toContain('Lock accounts after failed logins');
  });

  test('without a tracker the commits stand alone, and nothing fails', async () => {
    const { repo, push } = await createReviewedRepo({ server });
    repo.commit('Add greeting (demo-k3x)\n\nRefs: demo-k3x', { 'src/greet.js': 'export const greet = () => "hi";\n' });

    const result = await push(['origin', 'main']);

    expect(result.status, result.stderr).toBe(0);
    const prompt = promptOf(server.chatRequests()[0]!);
    expect(prompt).toContain('No task was found for this push');
    expect(prompt).toContain('Add greeting (demo-k3x)');
    expect(prompt).toContain('No separate requirements or plan were found');
    expect(result.stderr).not.toMatch(/warn|tracker/i);
  });

  test('a requirement the model marks missing is reported as a task finding', async () => {
    const { repo, cli } = await createReviewedRepo({ server, initial: trackerFiles(LOGIN, SESSIONS) });
    repo.commit('Count failed logins (demo-k3x)', { 'src/lockout.js': 'export const limit = 5;\n' });
    server.reply({
      review: {
        ...CLEAN_REVIEW,
        requirements: [
          { requirement: 'Count failed logins', status: 'met', evidence: 'src/lockout.js:1' },
          { requirement: 'The sixth attempt within 15 minutes is refused', status: 'missing', evidence: 'nothing refuses attempts' },
        ],
        verdict: 'ready_with_fixes',
      },
    });

    const result = await cli(['--format', 'json']);

    const report = JSON.parse(result.stdout) as { findings: Array<Record<string, unknown>>; requirements: unknown[] };
    expect(report.requirements).toHaveLength(2);
    expect(report.findings).toEqual([
      expect.objectContaining({
        id: 'I1',
        severity: 'important',
        category: 'task',
        file: null,
        title: 'Missing requirement: The sixth attempt within 15 minutes is refused',
        detail: 'nothing refuses attempts',
      }),
    ]);
    expect(promptOf(server.chatRequests()[0]!)).toContain(
      'A requirement with status "missing" is also reported as a finding with category "task"',
    );
  });
});

describe('second round', () => {
  test('after a block, the next push gets the previous findings, and the report says which were resolved', async () => {
    const { repo, push, remoteHead } = await createReviewedRepo({ server });
    repo.commit('add lookup', { 'src/find.js': QUERY });
    server.reply({ review: criticalReview('src/find.js', 2) });
    const blocked = await push(['origin', 'main']);
    expect(blocked.status).not.toBe(0);
    expect(promptOf(server.chatRequests()[0]!)).not.toContain("Previous Round's Findings");
    server.requests.length = 0;

    const fixed = repo.commit('use a parameterised query', { 'src/find.js': FIXED });
    const second = await push(['origin', 'main']);

    expect(second.status, second.stderr).toBe(0);
    expect(remoteHead()).toBe(fixed);
    const prompt = promptOf(server.chatRequests()[0]!);
    expect(prompt).toContain("Previous Round's Findings");
    expect(prompt).toContain('- C1 (critical) src/find.js:2: SQL built from user input');
    expect(second.stderr).toContain('Resolved since the previous round');
    expect(second.stderr).toContain('C1 (critical) src/find.js:2: SQL built from user input');
  });

  test('a finding the model reports again is not resolved', async () => {
    const { repo, push } = await createReviewedRepo({ server });
    repo.commit('add lookup', { 'src/find.js': QUERY });
    server.reply({ review: criticalReview('src/find.js', 2) });
    expect((await push(['origin', 'main'])).status).not.toBe(0);

    repo.commit('rename a variable', { 'src/find.js': QUERY.replace('id)', 'key)') });
    server.reply({ review: criticalReview('src/find.js', 2) });
    const again = await push(['origin', 'main']);

    expect(again.status).not.toBe(0);
    expect(again.stderr).not.toContain('Resolved since the previous round');
  });

  test('a Beads push that closes two other issues and writes progress into the task: only the task is the task, and every report names it', async () => {
    const chore = { id: 'demo-c1c', title: 'Bump dependencies', description: 'Upgrade every dependency to its newest major.' };
    const docs = { id: 'demo-d2d', title: 'Fix typos', description: 'Typos in the guide.' };
    const { repo, push, cli } = await createReviewedRepo({ server, initial: trackerFiles(LOGIN, SESSIONS, chore, docs) });
    repo.commit('Lock after five failures\n\nAlso closes demo-c1c and demo-d2d.', {
      'src/lockout.js': 'export const limit = 5;\n',
      '.beads/issues.jsonl':
        [
          record({ ...LOGIN, status: 'in_progress', description: `${LOGIN.description}\n\nProgress: counter and lock done; tests pass.` }),
          record(SESSIONS),
          record({ ...chore, status: 'closed', close_reason: 'done' }),
          record({ ...docs, status: 'closed', close_reason: 'done' }),
        ].join('\n') + '\n',
    });

    const pushed = await push(['origin', 'main']);
    expect(pushed.status, pushed.stderr).toBe(0);
    const prompt = promptOf(server.chatRequests()[0]!);
    const task = prompt.slice(prompt.indexOf('## Task Context'), prompt.indexOf('## What Was Implemented'));
    expect(task).toContain('Issue demo-k3x: Lock accounts after failed logins');
    expect(task).not.toContain('Progress: counter and lock done');
    expect(prompt).not.toContain('Upgrade every dependency');
    expect(prompt).toContain('What this push added to the description of demo-k3x:\nProgress: counter and lock done; tests pass.');
    expect(prompt).toContain('- demo-c1c "Bump dependencies": status open → closed, close_reason');
    // The pretty report on the push names the task and the plan section read.
    expect(pushed.stderr).toContain('Task: demo-k3x "Lock accounts after failed logins" (edited record)');
    expect(pushed.stderr).toContain('Plan: docs/plans/lockout.md ("Testing")');

    server.reply({ review: CLEAN_REVIEW });
    const json = await cli(['HEAD~1..HEAD', '--format', 'json', '--no-cache']);
    expect(json.status, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as { task: unknown; plans: unknown };
    expect(report.task).toEqual([{ id: 'demo-k3x', title: 'Lock accounts after failed logins', foundBy: 'edited record' }]);
    expect(report.plans).toEqual([{ path: 'docs/plans/lockout.md', sections: ['Testing'] }]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  formatImplemented,
  formatRequirements,
  formatTaskContext,
  parentOf,
  type SelectedIssue,
} from '../../../src/context/format-context.js';
import type { TrackerIssue } from '../../../src/context/tracker-issue.js';
import { issue, store } from './issue-fixtures.js';

const tracker = store(
  issue({ id: 'bd-epic', title: 'Accounts epic', status: 'open', issue_type: 'epic' }),
  issue({ id: 'bd-dep', title: 'Session store', status: 'closed' }),
);
const lookup = (id: string): TrackerIssue | null => tracker.get(id) ?? null;

const primary = issue({
  id: 'bd-a1b2',
  title: 'Add login form',
  status: 'closed',
  priority: 1,
  issue_type: 'feature',
  labels: ['auth', 'ui'],
  description: 'Users log in with email and password.\n- [ ] form\n- [ ] validation',
  acceptance_criteria: 'Wrong passwords show an error.',
  design: 'Use the existing Form component.',
  notes: 'Form done, validation done.',
  close_reason: 'Implemented in this branch',
  dependencies: [
    { issue_id: 'bd-a1b2', depends_on_id: 'bd-epic', type: 'parent-child' },
    { issue_id: 'bd-a1b2', depends_on_id: 'bd-dep', type: 'blocks' },
    { issue_id: 'bd-a1b2', depends_on_id: 'bd-unknown', type: 'related' },
  ],
  comments: [{ id: 1, author: 'ann', text: 'ship it', created_at: '2026-01-02' }],
});
const before = issue({
  id: 'bd-a1b2',
  title: 'Add login form',
  status: 'in_progress',
  priority: 1,
  description: 'Users log in with email and password.\n- [ ] form\n- [ ] validation\n- [ ] rate limiting',
  acceptance_criteria: 'Wrong passwords show an error. Five failures lock the account.',
});

describe('formatTaskContext', () => {
  it('is null without issues', () => {
    expect(formatTaskContext([], lookup, 8000)).toBeNull();
  });

  it('gives id, title, status, Pn, type, labels, the description as asked, parent and dependencies', () => {
    const text = formatTaskContext(
      [{ issue: primary, before, source: 'trailer', origin: '.beads/issues.jsonl at 0123456789ab' }],
      lookup,
      8000,
    )!;
    expect(text).toContain('Issue bd-a1b2: Add login form');
    expect(text).toContain('Status: closed (was in_progress before this push) | Priority: P1 | Type: feature | Labels: auth, ui');
    expect(text).toContain('named in a commit trailer; read from .beads/issues.jsonl at 0123456789ab');
    // The push dropped "rate limiting" from the description: the prompt keeps what was asked.
    expect(text).toContain('Description (as it stood before this push, which rewrites it):');
    expect(text).toContain('- [ ] rate limiting');
    expect(text).toContain('Parent: bd-epic "Accounts epic" [open]');
    expect(text).toContain('Depends on:\n- bd-dep "Session store" [closed] (blocks)\n- bd-unknown (related)');
  });

  it('an unchanged description is shown as it is; related issues follow the primary one', () => {
    const other = issue({ id: 'bd-x', title: 'Follow-up', description: '' });
    const text = formatTaskContext(
      [
        { issue: primary, before: null, source: 'flag', origin: 'bd show' },
        { issue: other, before: null, source: 'body', origin: 'bd show' },
      ],
      lookup,
      8000,
    )!;
    expect(text).toContain('Description:\nUsers log in');
    expect(text).not.toContain('rate limiting');
    expect(text).toContain('Status: closed | Priority: P1');
    expect(text).toMatch(/Issue bd-a1b2[\s\S]*\n\nRelated issue bd-x: Follow-up/);
  });

  it('caps a long description', () => {
    const long = issue({ id: 'bd-l', description: 'x'.repeat(5000) });
    const text = formatTaskContext([{ issue: long, before: null, source: 'flag', origin: 'o' }], lookup, 1000)!;
    expect(text).toContain('[… cut at 1000 characters]');
    expect(text.length).toBeLessThan(1400);
  });
});

describe('parentOf', () => {
  it.each([
    ['a parent field', issue({ id: 'bd-1', parent: 'bd-p' }), 'bd-p'],
    [
      'a parent-child edge',
      issue({ id: 'bd-1', dependencies: [{ issue_id: 'bd-1', depends_on_id: 'bd-epic', type: 'parent-child' }] }),
      'bd-epic',
    ],
    ['the id stem when the tracker has it', issue({ id: 'bd-epic.2' }), 'bd-epic'],
    ['no stem issue, no parent', issue({ id: 'bd-zz.2' }), null],
    ['none', issue({ id: 'bd-1' }), null],
  ])('%s', (_name, i, parent) => expect(parentOf(i, lookup)).toBe(parent));
});

describe('formatImplemented', () => {
  const entry = (issueNow: TrackerIssue, then: TrackerIssue | null): SelectedIssue => ({
    issue: issueNow,
    before: then,
    source: 'trailer',
    origin: 'o',
  });

  it('what the push wrote into the task: the new text of rewritten fields, notes, close reason and new comments', () => {
    const text = formatImplemented([entry(primary, before)], 8000)!;
    expect(text).toContain(
      'The description of bd-a1b2 as this push rewrites it:\nUsers log in with email and password.\n- [ ] form\n- [ ] validation',
    );
    expect(text).toContain('The acceptance criteria of bd-a1b2 as this push rewrites it:\nWrong passwords show an error.');
    expect(text).toContain('The progress notes of bd-a1b2 as this push rewrites it:\nForm done, validation done.');
    expect(text).toContain('Close reason of bd-a1b2: Implemented in this branch');
    expect(text).toContain('Latest comments on bd-a1b2:\n- ann (2026-01-02): ship it');
  });

  it('progress notes appended under the description: only what the push added is the claim', () => {
    const then = issue({ id: 'bd-x', description: 'Build the parser.\n- [ ] tokens\n- [ ] errors' });
    const now = issue({
      id: 'bd-x',
      description: 'Build the parser.\n- [ ] tokens\n- [ ] errors\n\nProgress: tokens done, all tests pass.',
    });
    const text = formatImplemented([entry(now, then)], 8000)!;
    expect(text).toBe('What this push added to the description of bd-x:\nProgress: tokens done, all tests pass.');
  });

  it('fields the push leaves alone are not claims of this push', () => {
    const same = issue({
      id: 'bd-y',
      description: 'd',
      notes: 'old notes',
      close_reason: 'done',
      comments: [{ id: 1, author: 'a', text: 'hi' }],
    });
    expect(formatImplemented([entry(same, same)], 8000)).toBeNull();
    expect(formatImplemented([], 8000)).toBeNull();
  });

  it('one line for each other record the push changes, at most ten and a count', () => {
    const touched = Array.from({ length: 12 }, (_, i) => ({
      id: `bd-t${i}`,
      title: `T${i}`,
      fields: ['status open → closed', 'close_reason'],
    }));
    const text = formatImplemented([], 8000, touched)!;
    expect(text).toContain(
      'Other tracker records this push changes (bookkeeping, not part of the task):\n- bd-t0 "T0": status open → closed, close_reason',
    );
    expect(text).toContain('- bd-t9 "T9"');
    expect(text).not.toContain('bd-t10');
    expect(text).toContain('- …and 2 more');
  });
});

describe('formatRequirements', () => {
  const selected: SelectedIssue[] = [{ issue: primary, before, source: 'trailer', origin: 'o' }];

  it('labels every source: acceptance criteria (as asked), the checklist, the design, documents', () => {
    const text = formatRequirements(
      selected,
      [
        { path: 'docs/plan.md', rev: 'c'.repeat(40), text: '## Testing\nUnit tests.', section: 'Testing', missing: null },
        { path: 'docs/other.md', rev: 'c'.repeat(40), text: '# Other', section: null, missing: 'Rollout' },
        { path: 'docs/third.md', rev: 'c'.repeat(40), text: '# Third', section: null, missing: null },
      ],
      8000,
    )!;
    expect(text).toContain(
      '[beads:bd-a1b2 acceptance_criteria] (as it stood before this push, which rewrites it)\nWrong passwords show an error. Five failures lock the account.',
    );
    expect(text).toContain('[beads:bd-a1b2 checklist in the description]\n- [ ] form\n- [ ] validation\n- [ ] rate limiting');
    expect(text).toContain('[beads:bd-a1b2 design]\nUse the existing Form component.');
    expect(text).toContain(`[doc:docs/plan.md, section "Testing" at ${'c'.repeat(12)}]\n## Testing\nUnit tests.`);
    expect(text).toContain('[doc:docs/other.md (no section "Rollout" found; the start of the document)');
    expect(text).toContain('[doc:docs/third.md (the start of the document)');
  });

  it('is null when there is nothing to check against', () => {
    expect(formatRequirements([{ issue: issue({ id: 'bd-e' }), before: null, source: 'flag', origin: 'o' }], [], 8000)).toBeNull();
  });
});

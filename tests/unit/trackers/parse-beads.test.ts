import { describe, expect, it } from 'vitest';
import {
  exportNameFromMetadata,
  parseBdShow,
  parseBeadsJsonl,
  parseDeletions,
  prefixFromConfigYaml,
} from '../../../src/trackers/beads/parse-beads.js';

const line = (record: Record<string, unknown>): string => JSON.stringify(record);

// Record shapes as different Beads versions wrote them.
const V020 = line({
  id: 'bd-1',
  title: 'Old style',
  description: 'd',
  status: 'open',
  priority: 2,
  issue_type: 'task',
  created_at: '2025-01-01T00:00:00Z',
  updated_at: '2025-01-01T00:00:00Z',
});
// 0.30.7–0.33.1: priority omitted when zero.
const V031_P0 = line({
  id: 'bd-a1b',
  title: 'Urgent',
  status: 'in_progress',
  issue_type: 'bug',
  created_at: 'x',
  updated_at: 'y',
  labels: ['auth'],
});
const V031_TOMBSTONE = line({
  id: 'bd-dead',
  title: 'Gone',
  status: 'tombstone',
  deleted_at: '2025-02-01T00:00:00Z',
  deleted_by: 'me',
  delete_reason: 'dup',
  created_at: 'x',
  updated_at: 'y',
});
// 1.0.3+: _type, counts, string comment ids, edges.
const V103 = line({
  _type: 'issue',
  id: 'proj-x9z.1',
  title: 'Child task',
  status: 'closed',
  priority: 1,
  issue_type: 'task',
  acceptance_criteria: '- [ ] works',
  notes: 'done the thing',
  close_reason: 'Implemented',
  spec_id: 'docs/spec.md',
  dependency_count: 2,
  comment_count: 1,
  future_field: { nested: true },
  dependencies: [
    { issue_id: 'proj-x9z.1', depends_on_id: 'proj-x9z', type: 'parent-child', created_at: 'x' },
    { issue_id: 'proj-x9z.1', depends_on_id: 'proj-aaa', type: 'blocks', created_at: 'x' },
    { issue_id: 'someone-else', depends_on_id: 'proj-zzz', type: 'blocks', created_at: 'x' },
  ],
  comments: [{ id: 'c-1', issue_id: 'proj-x9z.1', author: 'ann', text: 'looks good', created_at: 'x' }],
  created_at: 'x',
  updated_at: '2026-03-01T00:00:00Z',
});
const MEMORY = line({ _type: 'memory', id: 'mem-1', title: 'not an issue', content: 'x' });
const OLD_COMMENT = line({
  id: 'bd-2',
  title: 'Int comment ids',
  comments: [{ id: 7, issue_id: 'bd-2', author: 'bob', text: 'hi', created_at: 'x' }],
  created_at: 'x',
  updated_at: 'y',
});

describe('parseBeadsJsonl', () => {
  const cases: Array<{
    name: string;
    content: string;
    ids: string[];
    check?: (store: ReturnType<typeof parseBeadsJsonl>) => void;
    warnings?: RegExp[];
  }> = [
    { name: 'empty file', content: '', ids: [] },
    {
      name: 'an early record shape',
      content: `${V020}\n`,
      ids: ['bd-1'],
      check: (s) =>
        expect(s.issues.get('bd-1')).toMatchObject({ title: 'Old style', priority: 2, type: 'task', status: 'open', description: 'd' }),
    },
    {
      name: 'a missing priority is P0',
      content: V031_P0,
      ids: ['bd-a1b'],
      check: (s) => expect(s.issues.get('bd-a1b')).toMatchObject({ priority: 0, labels: ['auth'], status: 'in_progress' }),
    },
    { name: 'a tombstone is skipped', content: `${V020}\n${V031_TOMBSTONE}`, ids: ['bd-1'] },
    {
      name: 'a tombstone after a live record deletes it',
      content: `${line({ id: 'bd-dead', title: 'Alive', created_at: 'x', updated_at: 'y' })}\n${V031_TOMBSTONE}`,
      ids: [],
    },
    {
      name: 'newer shape: _type, edges, comments, unknown fields ignored',
      content: V103,
      ids: ['proj-x9z.1'],
      check: (s) => {
        const issue = s.issues.get('proj-x9z.1')!;
        expect(issue.dependencies).toEqual([
          { id: 'proj-x9z', type: 'parent-child', title: null, status: null },
          { id: 'proj-aaa', type: 'blocks', title: null, status: null },
        ]);
        expect(issue).toMatchObject({
          acceptanceCriteria: '- [ ] works',
          notes: 'done the thing',
          closeReason: 'Implemented',
          specId: 'docs/spec.md',
        });
        expect(issue.comments).toEqual([{ author: 'ann', text: 'looks good', createdAt: 'x' }]);
        expect(issue).not.toHaveProperty('future_field');
      },
    },
    { name: 'memory lines are not issues', content: `${MEMORY}\n${V020}`, ids: ['bd-1'] },
    {
      name: 'integer comment ids still read',
      content: OLD_COMMENT,
      ids: ['bd-2'],
      check: (s) => expect(s.issues.get('bd-2')!.comments[0]!.text).toBe('hi'),
    },
    {
      name: 'the last line per id wins',
      content: [
        line({ id: 'bd-1', title: 'first', created_at: 'x', updated_at: 'y' }),
        V020,
        line({ id: 'bd-1', title: 'last', created_at: 'x', updated_at: 'z' }),
      ].join('\n'),
      ids: ['bd-1'],
      check: (s) => expect(s.issues.get('bd-1')!.title).toBe('last'),
    },
    {
      name: 'malformed lines and conflict markers are skipped with one warning',
      content: ['<<<<<<< HEAD', V020, '=======', '{"id": "bd-9", "title": "cut off', '>>>>>>> feature', OLD_COMMENT].join('\n'),
      ids: ['bd-1', 'bd-2'],
      warnings: [/issues\.jsonl: skipped 4 malformed lines \(line 1, 3, 4, 5\)/],
    },
    {
      name: 'non-issue JSON (arrays, numbers, no title) is skipped quietly',
      content: ['[1,2]', '42', 'null', line({ id: 'bd-3' }), line({ title: 'no id' }), 'true'].join('\n'),
      ids: [],
    },
    {
      name: 'CRLF line endings and a byte-order mark',
      content: `\uFEFF${V020}\r\n${OLD_COMMENT}\r\n`,
      ids: ['bd-1', 'bd-2'],
    },
    {
      name: 'priority written as "P3" or "3"',
      content: [
        line({ id: 'a-1', title: 't', priority: 'P3' }),
        line({ id: 'a-2', title: 't', priority: '3' }),
        line({ id: 'a-3', title: 't', priority: -1 }),
      ].join('\n'),
      ids: ['a-1', 'a-2', 'a-3'],
      check: (s) => expect([...s.issues.values()].map((i) => i.priority)).toEqual([3, 3, 0]),
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const store = parseBeadsJsonl(c.content, '.beads/issues.jsonl');
      expect([...store.issues.keys()].sort()).toEqual([...c.ids].sort());
      if (c.warnings) {
        expect(store.warnings).toHaveLength(c.warnings.length);
        c.warnings.forEach((re, i) => {
          expect(store.warnings[i]).toMatch(re);
        });
      } else {
        expect(store.warnings).toEqual([]);
      }
      c.check?.(store);
    });
  }
});

describe('parseBdShow', () => {
  const issue = {
    id: 'bd-a1b2',
    title: 'Add login',
    status: 'in_progress',
    priority: 1,
    issue_type: 'feature',
    labels: ['auth'],
    parent: 'bd-epic',
    dependencies: [{ id: 'bd-dep', title: 'Sessions', status: 'closed', priority: 2, dependency_type: 'blocks' }],
    dependents: [{ id: 'bd-after', title: 'Later', status: 'open', dependency_type: 'blocks' }],
  };
  const cases: Array<{ name: string; stdout: string; ids: string[] }> = [
    { name: 'an array (what bd show prints, even for one id)', stdout: JSON.stringify([issue]), ids: ['bd-a1b2'] },
    { name: 'a single object (as the JSON schema document says)', stdout: JSON.stringify(issue), ids: ['bd-a1b2'] },
    { name: 'the envelope (BD_JSON_ENVELOPE=1)', stdout: JSON.stringify({ schema_version: 1, data: [issue] }), ids: ['bd-a1b2'] },
    { name: 'the envelope around one object', stdout: `${JSON.stringify({ schema_version: 1, data: issue })}\n`, ids: ['bd-a1b2'] },
    { name: 'not JSON', stdout: 'Error: no issue found', ids: [] },
    { name: 'an empty array', stdout: '[]', ids: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(parseBdShow(c.stdout).map((i) => i.id)).toEqual(c.ids);
    });
  }

  it('keeps the linked issues as bd prints them', () => {
    const [parsed] = parseBdShow(JSON.stringify([issue]));
    expect(parsed!.parent).toBe('bd-epic');
    expect(parsed!.dependencies).toEqual([{ id: 'bd-dep', type: 'blocks', title: 'Sessions', status: 'closed' }]);
  });
});

describe('small tracker files', () => {
  it.each([
    ['{"database":"beads.db","jsonl_export":"issues.jsonl"}', 'issues.jsonl'],
    ['{"database":"beads.db","jsonl_export":"beads.jsonl"}', 'beads.jsonl'],
    ['{"jsonl_export":"../../etc/passwd.jsonl"}', null],
    ['{"database":"dolt"}', null],
    ['not json', null],
  ])('metadata.json %s names %s', (content, name) => {
    expect(exportNameFromMetadata(content)).toBe(name);
  });

  it.each([
    ['issue-prefix: web\n', 'web'],
    ['# settings\nissue-prefix: "bd-main"  # quoted\n', 'bd-main'],
    ["issue-prefix: 'x_1'\n", 'x_1'],
    ['sync-branch: beads-sync\n', null],
    ['issue-prefix: 9bad\n', null],
  ])('config.yaml %j gives prefix %s', (content, prefix) => {
    expect(prefixFromConfigYaml(content)).toBe(prefix);
  });

  it('deletions.jsonl lists ids, skipping junk', () => {
    expect([...parseDeletions('{"id":"bd-1","ts":"x","by":"me","reason":"dup"}\nnope\n{"id":"bd-2"}\n')]).toEqual(['bd-1', 'bd-2']);
  });
});

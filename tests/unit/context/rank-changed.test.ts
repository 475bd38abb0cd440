import { describe, expect, it } from 'vitest';
import { rankChangedIssues } from '../../../src/context/rank-changed.js';
import { issue, store } from './issue-fixtures.js';

describe('rankChangedIssues', () => {
  const base = store(
    issue({ id: 'bd-a', status: 'open', description: 'Build the login form.' }),
    issue({ id: 'bd-b', status: 'open', description: 'Other work' }),
    issue({ id: 'bd-c', status: 'open', notes: '' }),
    issue({ id: 'bd-d', status: 'open', priority: 1, labels: [] }),
  );

  const cases: Array<{ name: string; after: ReturnType<typeof store>; ranked: string[]; fields?: string[][] }> = [
    { name: 'nothing changed', after: base, ranked: [] },
    {
      name: 'labels, priority and timestamps say nothing about work',
      after: store(...[...base.values()].map((i) => (i.id === 'bd-d' ? { ...i, priority: 0, labels: ['x'], updatedAt: '2027-01-01' } : i))),
      ranked: [],
    },
    {
      name: 'a move to in_progress outranks one edited field',
      after: store(...[...base.values()].map((i) => (i.id === 'bd-b' ? { ...i, notes: 'started' } : i.id === 'bd-c' ? { ...i, status: 'in_progress' } : i))),
      ranked: ['bd-c', 'bd-b'],
      fields: [['status open → in_progress'], ['notes']],
    },
    {
      name: 'closing with notes and a close reason ranks first; then by size of the edit',
      after: store(
        ...[...base.values()].map((i) =>
          i.id === 'bd-a'
            ? { ...i, status: 'closed', notes: 'Done: form and validation', closeReason: 'Implemented' }
            : i.id === 'bd-b'
              ? { ...i, description: 'Other work, now described at much greater length than before' }
              : i.id === 'bd-c'
                ? { ...i, design: 'x' }
                : i,
        ),
      ),
      ranked: ['bd-a', 'bd-b', 'bd-c'],
    },
    {
      name: 'a new open issue (a follow-up filed on the way) does not count; a new closed one does',
      after: store(...base.values(), issue({ id: 'bd-new', status: 'open', description: 'later' }), issue({ id: 'bd-done', status: 'closed', close_reason: 'done' })),
      ranked: ['bd-done'],
      fields: [['status closed', 'close_reason']],
    },
    {
      name: 'moving back to open is not working on it',
      after: store(...[...base.values()].map((i) => (i.id === 'bd-a' ? { ...i, status: 'blocked' } : i))),
      ranked: [],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const ranked = rankChangedIssues(base, c.after);
      expect(ranked.map((r) => r.id)).toEqual(c.ranked);
      if (c.fields) expect(ranked.map((r) => r.fields)).toEqual(c.fields);
    });
  }
});

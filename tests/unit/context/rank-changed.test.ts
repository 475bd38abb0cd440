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

  const change = (id: string, edit: Record<string, unknown>) =>
    store(...[...base.values()].map((i) => (i.id === id ? { ...i, ...edit } : i)));
  const cases: Array<{ name: string; after: ReturnType<typeof store>; ranked: string[]; rewritten?: boolean[]; fields?: string[][] }> = [
    { name: 'nothing changed', after: base, ranked: [] },
    { name: 'a timestamp alone is not listed', after: change('bd-d', { updatedAt: '2027-01-01' }), ranked: [] },
    {
      name: 'labels and priority are bookkeeping: listed, not a rewrite',
      after: change('bd-d', { priority: 0, labels: ['x'], updatedAt: '2027-01-01' }),
      ranked: ['bd-d'],
      rewritten: [false],
      fields: [['priority P1 → P0', 'labels']],
    },
    {
      name: 'an edited field outranks a move to in_progress, which is bookkeeping',
      after: store(
        ...[...base.values()].map((i) =>
          i.id === 'bd-b' ? { ...i, notes: 'started' } : i.id === 'bd-c' ? { ...i, status: 'in_progress' } : i,
        ),
      ),
      ranked: ['bd-b', 'bd-c'],
      rewritten: [true, false],
      fields: [['notes'], ['status open → in_progress']],
    },
    {
      name: 'closing with notes is a rewrite of the notes; then by number of fields and size of the edit',
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
      ranked: ['bd-b', 'bd-a', 'bd-c'],
      fields: [['description'], ['notes', 'status open → closed', 'close_reason'], ['design']],
    },
    {
      name: 'closing alone (status, close reason, closed_at) is bookkeeping',
      after: change('bd-a', { status: 'closed', closeReason: 'done', closedAt: '2026-02-01' }),
      ranked: ['bd-a'],
      rewritten: [false],
      fields: [['status open → closed', 'close_reason']],
    },
    {
      name: 'a new issue is listed as created; it counts as worked on only with notes',
      after: store(
        ...base.values(),
        issue({ id: 'bd-new', status: 'open', description: 'later' }),
        issue({ id: 'bd-done', status: 'closed', notes: 'did it' }),
      ),
      ranked: ['bd-done', 'bd-new'],
      rewritten: [true, false],
      fields: [['created (closed)', 'notes'], ['created (open)']],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const ranked = rankChangedIssues(base, c.after);
      expect(ranked.map((r) => r.id)).toEqual(c.ranked);
      if (c.fields) expect(ranked.map((r) => r.fields)).toEqual(c.fields);
      if (c.rewritten) expect(ranked.map((r) => r.rewritten)).toEqual(c.rewritten);
    });
  }
});

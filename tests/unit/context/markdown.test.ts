import { describe, expect, it } from 'vitest';
import { cap, checklistItems, excerptDocument, findDocReferences } from '../../../src/context/markdown.js';

describe('findDocReferences', () => {
  const cases: Array<[string, string, Array<{ path: string; sections: string[] }>]> = [
    ['a bare path', 'Reference: docs/plans/2026-01-02-login-design.md', [{ path: 'docs/plans/2026-01-02-login-design.md', sections: [] }]],
    ['an anchor', 'see docs/plan.md#testing-strategy', [{ path: 'docs/plan.md', sections: ['testing strategy'] }]],
    ['"(Testing section)" after the path', 'Follow docs/plan.md (Testing section).', [{ path: 'docs/plan.md', sections: ['Testing'] }]],
    [
      '"section "X"" after the path',
      'Per `docs/plan.md`, section "Error Handling", do it.',
      [{ path: 'docs/plan.md', sections: ['Error Handling'] }],
    ],
    ['"§ X" after the path', 'docs/plan.md § Rollout', [{ path: 'docs/plan.md', sections: ['Rollout'] }]],
    [
      '"the X section of" before the path',
      'See the Testing Strategy section of docs/plan.md',
      [{ path: 'docs/plan.md', sections: ['Testing Strategy', 'Strategy'] }],
    ],
    ['"section "X" of" before the path', 'Implement section "API" of docs/spec.md now', [{ path: 'docs/spec.md', sections: ['API'] }]],
    [
      'Task N on the same line',
      'Implement Task 3 from docs/superpowers/plans/p.md',
      [{ path: 'docs/superpowers/plans/p.md', sections: ['Task 3'] }],
    ],
    ['./ prefix removed, README kept', 'Read ./README.md first', [{ path: 'README.md', sections: [] }]],
    ['URLs are not repository paths', 'https://github.com/o/r/blob/main/docs/plan.md and http://x.io/a.md', []],
    ['.. is refused', 'see ../other/plan.md', []],
    ['other extensions are not documents', 'src/app.ts and notes.txt and plan.mdx', []],
    [
      'one entry per path, hints merged',
      'docs/plan.md (Testing section)\nand docs/plan.md#rollout\nand design/api.markdown',
      [
        { path: 'docs/plan.md', sections: ['Testing', 'rollout'] },
        { path: 'design/api.markdown', sections: [] },
      ],
    ],
  ];
  for (const [name, text, refs] of cases) it(name, () => expect(findDocReferences(text)).toEqual(refs));
});

const PLAN = [
  '# Login plan',
  'Intro text.',
  '',
  '## Task 1: Form',
  '- [ ] render the form',
  '',
  '## Task 3: Sessions',
  'Store sessions in Redis.',
  '### Details',
  'TTL 30 minutes.',
  '```md',
  '## Testing (inside a code block, not a heading)',
  '```',
  '## Task 30: Unrelated',
  'nope',
  '## Testing',
  'Unit tests for the form.',
  '# Appendix',
  'end',
].join('\n');

describe('excerptDocument', () => {
  const cases: Array<{
    name: string;
    hints: string[];
    starts: string;
    section: string | null;
    missing: string | null;
    excludes?: string[];
  }> = [
    { name: 'no hint: the start of the document', hints: [], starts: '# Login plan', section: null, missing: null },
    {
      name: 'exact heading, up to the next heading of its level',
      hints: ['Testing'],
      starts: '## Testing\nUnit tests for the form.',
      section: 'Testing',
      missing: null,
      excludes: ['Appendix'],
    },
    {
      name: '"Task 3" matches "Task 3: Sessions" and not "Task 30"; subsections included',
      hints: ['Task 3'],
      starts: '## Task 3: Sessions',
      section: 'Task 3: Sessions',
      missing: null,
      excludes: ['Unrelated'],
    },
    { name: 'a slug from an anchor', hints: ['task 1 form'], starts: '## Task 1: Form', section: 'Task 1: Form', missing: null },
    { name: 'the first hint that matches wins', hints: ['Nope', 'Details'], starts: '### Details', section: 'Details', missing: null },
    {
      name: 'no heading matches: the start, and which section was missing',
      hints: ['Deployment'],
      starts: '# Login plan',
      section: null,
      missing: 'Deployment',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const excerpt = excerptDocument(PLAN, c.hints);
      expect(excerpt.text.startsWith(c.starts)).toBe(true);
      expect(excerpt.section).toBe(c.section);
      expect(excerpt.missing).toBe(c.missing);
      for (const text of c.excludes ?? []) expect(excerpt.text).not.toContain(text);
    });
  }

  it('the section of "Task 3" keeps the fenced block and stops at the next level-2 heading', () => {
    const excerpt = excerptDocument(PLAN, ['Task 3']);
    expect(excerpt.text).toContain('TTL 30 minutes.');
    expect(excerpt.text).toContain('## Testing (inside a code block');
    expect(excerpt.text.endsWith('```')).toBe(true);
  });
});

describe('checklistItems', () => {
  it('reads - [ ], * [x] and numbered items, nothing else', () => {
    const text = 'Intro\n- [ ] first\n  * [x] nested done\n1. [ ] numbered\n- [] not one\n- plain item\n+ [X] plus';
    expect(checklistItems(text)).toEqual(['- [ ] first', '* [x] nested done', '1. [ ] numbered', '+ [X] plus']);
  });
});

describe('cap', () => {
  it('leaves short text alone and cuts long text at a line end, saying so', () => {
    expect(cap('short', 10)).toBe('short');
    const long = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    const cut = cap(long, 50);
    expect(cut).toMatch(/\n\[… cut at 50 characters\]$/);
    expect(
      cut
        .split('\n')
        .slice(0, -1)
        .every((l) => /^line \d+$/.test(l)),
    ).toBe(true);
    expect(cut.length).toBeLessThan(50 + 30);
  });
});

import { describe, expect, it } from 'vitest';
import { parseReview } from '../../../src/llm/parse-review.js';
import { reviewSchema } from '../../../src/llm/review-schema.js';

const finding = {
  severity: 'critical',
  category: 'security',
  file: 'src/db.ts',
  line: 42,
  endLine: null,
  quote: 'db.query("SELECT * FROM users WHERE id=" + id)',
  title: 'SQL injection',
  detail: 'The id is concatenated into the query.',
};
const review = {
  summary: 'Adds a user lookup.',
  findings: [finding],
  strengths: ['Clear naming'],
  requirements: [{ requirement: 'Look up users by id', status: 'met', evidence: 'src/db.ts:40' }],
  verdict: 'not_ready',
};
const json = JSON.stringify(review);

function ok(content: string | null, finishReason: string | null = 'stop') {
  const result = parseReview(content, finishReason);
  if (!result.ok) throw new Error(`expected ok, got: ${result.problem}`);
  expect(reviewSchema.safeParse(result.review).success).toBe(true);
  return result;
}

function notOk(content: string | null, finishReason: string | null = 'stop', refusal: string | null = null): string {
  const result = parseReview(content, finishReason, refusal);
  if (result.ok) throw new Error(`expected a problem, got ${JSON.stringify(result.review)}`);
  return result.problem;
}

describe('parseReview: JSON answers', () => {
  it.each([
    ['bare JSON', json],
    ['JSON with surrounding whitespace and a BOM', `\uFEFF\n  ${json}\n`],
    ['a ```json fence', `\`\`\`json\n${JSON.stringify(review, null, 2)}\n\`\`\``],
    ['a bare ``` fence after prose', `Here is the review:\n\n\`\`\`\n${json}\n\`\`\`\nHope this helps.`],
    ['prose before and after', `Sure! My review follows. ${json} Let me know if you need more.`],
    ['a trailing comma', json.replace('"verdict":"not_ready"', '"verdict":"not_ready",')],
    ['a wrapper object', JSON.stringify({ review })],
  ])('accepts %s', (_name, content) => {
    const { review: parsed, format } = ok(content);
    expect(format).toBe('json');
    expect(parsed).toEqual(review);
  });

  it('takes the last complete review object when prose holds several objects', () => {
    const draft = { ...review, summary: 'draft', findings: [] };
    const text = `First attempt: ${JSON.stringify(draft)}\nCorrected: ${json}\nAn example config: {"a": 1}`;
    expect(ok(text).review.summary).toBe('Adds a user lookup.');
  });

  it('is not fooled by braces inside strings', () => {
    const tricky = { ...review, findings: [{ ...finding, detail: 'use `{ }` and "}" carefully {' }] };
    expect(ok(`Review: ${JSON.stringify(tricky)}`).review.findings[0]?.detail).toBe('use `{ }` and "}" carefully {');
  });

  it('coerces what cannot change the meaning', () => {
    const loose = {
      Summary: 'ok',
      findings: [
        { Severity: 'CRITICAL', category: 'Security', file: './src/a.ts', line: '12', end_line: '14', title: 'T1', detail: 'D1' },
        { severity: 'High', category: 'bug', file: 'src/b.ts:7', line: null, title: 'T2', description: 'D2' },
        { severity: 'low', type: 'style', filePath: 'src/c.ts', lineNumber: 3.0, message: 'Only a detail. More words.' },
        { severity: 'blocker', category: 'unknown-thing', file: 'src/d.ts#L5-L9', title: 'Leaks the password', detail: 'x' },
      ],
      verdict: 'Ready with fixes',
    };
    const { review: parsed } = ok(JSON.stringify(loose));
    expect(parsed.findings).toEqual([
      { severity: 'critical', category: 'security', file: 'src/a.ts', line: 12, endLine: 14, quote: null, title: 'T1', detail: 'D1' },
      { severity: 'important', category: 'correctness', file: 'src/b.ts', line: 7, endLine: null, quote: null, title: 'T2', detail: 'D2' },
      {
        severity: 'minor',
        category: 'quality',
        file: 'src/c.ts',
        line: 3,
        endLine: null,
        quote: null,
        title: 'Only a detail.',
        detail: 'Only a detail. More words.',
      },
      {
        severity: 'critical',
        category: 'security',
        file: 'src/d.ts',
        line: 5,
        endLine: 9,
        quote: null,
        title: 'Leaks the password',
        detail: 'x',
      },
    ]);
    expect(parsed.verdict).toBe('ready_with_fixes');
    expect(parsed.strengths).toEqual([]);
    expect(parsed.requirements).toEqual([]);
  });

  it.each([
    ['0', null],
    ['-3', null],
    ['12.5', null],
    ['"L12"', 12],
    ['"twelve"', null],
  ])('reads line %s as %s', (raw, expected) => {
    const text = `{"findings":[{"severity":"minor","category":"docs","file":"a.md","line":${raw},"endLine":null,"title":"t","detail":"d"}],"verdict":"ready"}`;
    expect(ok(text).review.findings[0]?.line).toBe(expected);
  });

  it('derives the verdict from the findings when the answer gives none or an unknown one', () => {
    expect(ok(JSON.stringify({ ...review, verdict: undefined })).review.verdict).toBe('not_ready');
    expect(ok(JSON.stringify({ ...review, verdict: 'maybe', findings: [{ ...finding, severity: 'important' }] })).review.verdict).toBe(
      'ready_with_fixes',
    );
    expect(ok(JSON.stringify({ summary: 's', findings: [] })).review.verdict).toBe('ready');
  });

  it('accepts the four groups written as JSON keys', () => {
    const grouped = {
      summary: 's',
      critical: [{ file: 'a.ts', line: 1, title: 'Broken', detail: 'd' }],
      important: [],
      minor: ['None'],
      strengths: ['Tests', 'None'],
      verdict: 'not ready',
    };
    const { review: parsed } = ok(JSON.stringify(grouped));
    expect(parsed.findings.map((f) => [f.severity, f.file, f.line, f.title])).toEqual([['critical', 'a.ts', 1, 'Broken']]);
    expect(parsed.strengths).toEqual(['Tests']);
    expect(parsed.verdict).toBe('not_ready');
  });

  it.each([
    ['an unknown severity', { ...review, findings: [{ ...finding, severity: 'catastrophic' }] }, /findings\[0\]\.severity "catastrophic"/],
    ['a finding without severity', { ...review, findings: [{ ...finding, severity: undefined }] }, /findings\[0\] has no severity/],
    ['findings that are strings', { ...review, findings: ['SQL injection in db.ts'] }, /findings\[0\] is not an object/],
    ['findings that are not a list', { ...review, findings: 'none' }, /"findings" is not an array/],
    ['a finding with no text', { ...review, findings: [{ severity: 'minor', file: 'a.ts' }] }, /neither a title nor a detail/],
  ])('rejects %s (so the client can ask for a repair)', (_name, value, problem) => {
    expect(notOk(JSON.stringify(value))).toMatch(problem);
  });
});

describe('parseReview: answers that cannot be used', () => {
  it.each([
    ['null content', null, 'stop', null, /empty/],
    ['blank content', '  \n', 'stop', null, /empty/],
    ['garbage', 'asdf qwer zxcv', 'stop', null, /neither a JSON review nor the Markdown review layout.*asdf/],
    ['unrelated JSON', '{"hello": "world"}', 'stop', null, /neither/],
    ['broken JSON', '{"summary": "x", "findings": [', 'stop', null, /neither/],
    ['a truncated answer, even if part of it parses', json, 'length', null, /cut off.*length/],
    ['a content-filtered answer', json, 'content_filter', null, /content filter/],
    ['a refusal', null, 'stop', "I'm sorry, I can't help with that.", /refused: I'm sorry/],
  ])('%s', (_name, content, finish, refusal, problem) => {
    expect(notOk(content, finish, refusal)).toMatch(problem);
  });

  it('never throws, whatever it is given', () => {
    const inputs = [
      '{',
      '}{',
      '```',
      '```json\n{\n```',
      '# Critical\n\n- ',
      '\u0000\u0001',
      '{"findings": {"a": 1}}',
      'x'.repeat(100_000),
      '{'.repeat(5000),
    ];
    for (const input of inputs) expect(() => parseReview(input, 'stop')).not.toThrow();
  });
});

describe('parseReview: runaway answers', () => {
  it('stays fast on long, repetitive or hostile text', () => {
    const inputs = [
      'a'.repeat(50_000),
      'a.'.repeat(25_000),
      'a/'.repeat(25_000),
      ' _a'.repeat(20_000),
      '*a '.repeat(20_000),
      '```\n'.repeat(10_000),
      ('{'.repeat(50) + '"').repeat(1000),
      '- [Critical] x.ts:1 y\n'.repeat(3000),
      JSON.stringify({ findings: [{ severity: 'minor', file: 'a:'.repeat(20_000), title: 't', detail: 'd' }] }),
    ];
    // No backtracking blow-up: every input is read to a result (the test's timeout is the guard;
    // the times themselves are in scripts/bench-parse-review.js).
    for (const input of inputs) {
      for (const text of [input, `### Critical\n- ${input}`]) {
        const result = parseReview(text, 'stop');
        expect(result).toHaveProperty('ok');
      }
    }
  }, 10_000);
});

describe('parseReview: Markdown in the four-group layout', () => {
  const classic = `## Strengths
- Clear separation of the parser and the client
- Good tests

## Issues

### Critical (Must Fix)
1. **SQL injection in user lookup** - \`src/db.ts:42\`
   The id is concatenated into the query string.
   - Fix: use a parameterised query

### Important (Should Fix)
1. **Missing error handling** (src/api.ts, line 17)
   Network errors are swallowed.

### Minor (Nice to Have)
- None

## Assessment
**Ready to merge?** With fixes
**Reasoning:** the injection must be fixed first.`;

  it('reads the classic layout with headings, numbered items and sub-bullets', () => {
    const { review: parsed, format } = ok(classic);
    expect(format).toBe('markdown');
    expect(parsed.findings.map((f) => [f.severity, f.file, f.line, f.title])).toEqual([
      ['critical', 'src/db.ts', 42, 'SQL injection in user lookup'],
      ['important', 'src/api.ts', 17, 'Missing error handling'],
    ]);
    expect(parsed.findings[0]?.category).toBe('security');
    expect(parsed.findings[0]?.detail).toContain('use a parameterised query');
    expect(parsed.strengths).toEqual(['Clear separation of the parser and the client', 'Good tests']);
    expect(parsed.verdict).toBe('ready_with_fixes');
  });

  it.each([
    [
      'bold group lines and "None" inline',
      `Overall a solid change.\n\n**Critical:** None\n\n**Important:**\n- src/a.ts:3 – off-by-one in the loop bound\n\n**Minor:**\n* \`lib/util.js#L10\` unused variable\n\n**Strengths:**\n- small diff`,
      [
        ['important', 'src/a.ts', 3],
        ['minor', 'lib/util.js', 10],
      ],
      'ready_with_fixes',
    ],
    [
      'numbered bold group headings',
      `1. **Critical Issues**\n   - Hardcoded password in config/db.yml (line 4)\n2. **Important Issues**\n   - none found\n3. **Minor Issues**\n   - Typo in README.md:1\n4. **Strengths**\n   - Tests cover the happy path\n\nVerdict: not ready`,
      [
        ['critical', 'config/db.yml', 4],
        ['minor', 'README.md', 1],
      ],
      'not_ready',
    ],
    [
      'findings as sub-headings with emoji group headings',
      `# Code Review\n\nThe change adds caching.\n\n## 🔴 Critical\n\n### 1. Cache key ignores the user\nIn \`src/cache.ts:88\` the key omits the user id, so users see each other's data.\n\n- Severity: data leak\n\n## 🟡 Important\n\nNo important issues found.\n\n## 🟢 Minor\n\n### Naming\nline 5 of src/cache.ts uses \`x\`.\n\n## ✅ Strengths\n\n- Focused change`,
      [
        ['critical', 'src/cache.ts', 88],
        ['minor', 'src/cache.ts', 5],
      ],
      'not_ready',
    ],
    [
      'a flat list with a label per item',
      `Findings:\n- [Critical] src/auth.ts:12 — token compared with ==\n- [Minor] src/auth.ts:30 — long function\n- **Important**: tests/auth.test.ts:5 asserts nothing`,
      [
        ['critical', 'src/auth.ts', 12],
        ['minor', 'src/auth.ts', 30],
        ['important', 'tests/auth.test.ts', 5],
      ],
      'not_ready',
    ],
    [
      'plain "Critical:" lines and a finding without a line number',
      `Critical:\nThe migration drops the users table in \`db/migrate.sql\`.\n\nImportant: None.\nMinor: None.\nStrengths:\n- Nice commit messages`,
      [['critical', 'db/migrate.sql', null]],
      'not_ready',
    ],
  ])('reads %s', (_name, text, expected, verdict) => {
    const { review: parsed } = ok(text);
    expect(parsed.findings.map((f) => [f.severity, f.file, f.line])).toEqual(expected);
    expect(parsed.verdict).toBe(verdict);
  });

  it('keeps the preamble as the summary and reads "no issues" answers as clean', () => {
    const { review: parsed } = ok(
      'Looks good overall.\n\n### Critical\nNone\n\n### Important\nNone\n\n### Minor\nN/A\n\n### Strengths\n- Clean code',
    );
    expect(parsed.summary).toBe('Looks good overall.');
    expect(parsed.findings).toEqual([]);
    expect(parsed.strengths).toEqual(['Clean code']);
    expect(parsed.verdict).toBe('ready');
  });

  it('does not read a URL as a file location', () => {
    const { review: parsed } = ok(
      '### Important\n- See https://example.com/docs/api.html:443 for the limits; the retry loop in src/retry.ts:9 never stops',
    );
    expect(parsed.findings[0]).toMatchObject({ file: 'src/retry.ts', line: 9 });
  });

  it('ignores headings inside code blocks', () => {
    const { review: parsed } = ok(
      '### Critical\n- Broken build in build.sh:2\n```\n### Strengths\n- not a strength\n```\n### Strengths\n- real one',
    );
    expect(parsed.findings).toHaveLength(1);
    expect(parsed.findings[0]?.detail).toContain('not a strength');
    expect(parsed.strengths).toEqual(['real one']);
  });
});

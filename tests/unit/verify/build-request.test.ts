// What a verification request carries: the findings, the whole file at HEAD when it fits (else the
// code around the cited lines), the BASE version of the modified lines, the requirement text for a
// task finding, all inside one fence.
import { describe, expect, it } from 'vitest';
import { buildVerifyRequest, citedWindows, VERIFY_HEADING, type VerifyRequestInput } from '../../../src/verify/build-request.js';
import { loadTokenCounter } from '../../../src/prompt/tokens.js';
import type { FileChange, Finding } from '../../../src/domain/types.js';

const count = await loadTokenCounter();

const finding = (over: Partial<Finding> = {}): Finding => ({
  id: 'C1',
  severity: 'critical',
  category: 'security',
  file: 'src/db.ts',
  line: 3,
  endLine: null,
  title: 'SQL built from user input',
  detail: 'The id is pasted into the query.',
  source: 'llm',
  located: true,
  ...over,
});

const content = [
  'export function find(id) {',
  '  const n = Number(id);',
  '  return db.query("select * from t where id = " + n);',
  '}',
  '',
].join('\n');
const change: FileChange = {
  path: 'src/db.ts',
  oldPath: null,
  status: 'modified',
  binary: false,
  additions: 1,
  deletions: 1,
  hunks: [
    {
      header: '@@ -1,4 +1,4 @@',
      oldStart: 1,
      oldLines: 4,
      newStart: 1,
      newLines: 4,
      lines: [
        { kind: 'context', text: 'export function find(id) {', oldLine: 1, newLine: 1 },
        { kind: 'context', text: '  const n = Number(id);', oldLine: 2, newLine: 2 },
        { kind: 'del', text: '  return db.query("select * from t where id = ?", [n]);', oldLine: 3, newLine: null },
        { kind: 'add', text: '  return db.query("select * from t where id = " + n);', oldLine: null, newLine: 3 },
        { kind: 'context', text: '}', oldLine: 4, newLine: 4 },
      ],
    },
  ],
};

const input = (over: Partial<VerifyRequestInput> = {}): VerifyRequestInput => ({
  file: 'src/db.ts',
  findings: [finding()],
  source: { content, withheld: null, change },
  requirements: null,
  maxPromptTokens: 100_000,
  count,
  ...over,
});

describe('buildVerifyRequest', () => {
  it('sends the whole file at HEAD, numbered, and the BASE version of the modified line, fenced', () => {
    const built = buildVerifyRequest(input());
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.code).toBe('whole file');
    const [system, user] = built.messages;
    expect(system!.content.startsWith(VERIFY_HEADING)).toBe(true);
    const open = /<<<DATA-[0-9a-f]+>>>/.exec(system!.content)![0];
    expect(user!.content).toContain('### C1 (critical, security) src/db.ts:3\nSQL built from user input\nThe id is pasted into the query.');
    expect(user!.content).toContain('Shown: the whole file.');
    expect(user!.content).toContain(
      '1  export function find(id) {\n2    const n = Number(id);\n3    return db.query("select * from t where id = " + n);\n4  }',
    );
    expect(user!.content).toContain(' -   return db.query("select * from t where id = ?", [n]);');
    // Every piece of repository and review text sits inside the fence.
    const blocks = user!.content.split(open).length - 1;
    expect(blocks).toBe(3);
    expect(built.tokens).toBeGreaterThan(0);
  });

  it('a file too large for the budget is cut to the declaration and window around the cited lines', () => {
    const long = Array.from({ length: 2000 }, (_, i) => (i % 50 === 0 ? `function f${i}() {` : `  step(${i});`)).join('\n');
    const built = buildVerifyRequest(
      input({ findings: [finding({ line: 1020 })], source: { content: long, withheld: null, change: null }, maxPromptTokens: 3000 }),
    );
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.code).toBe('excerpt');
    const user = built.messages[1]!.content;
    expect(user).toMatch(/Shown: excerpts around the cited lines \(\d+-\d+\)/);
    expect(user).toContain('1020    step(1019);');
    expect(user).not.toContain('step(1500);');
    expect(built.tokens).toBeLessThanOrEqual(3000);
  });

  it('a task finding carries the requirement text; a withheld file is named, never shown', () => {
    const built = buildVerifyRequest(
      input({
        file: null,
        findings: [
          finding({ id: 'I1', severity: 'important', category: 'task', file: null, line: null, title: 'Missing requirement: rate limit' }),
        ],
        source: { content: null, withheld: null, change: null },
        requirements: '- [ ] rate limit the login endpoint',
      }),
    );
    expect(built.ok && built.messages[1]!.content).toContain('## Task and requirements');
    expect(built.ok && built.messages[1]!.content).toContain('- [ ] rate limit the login endpoint');

    const withheld = buildVerifyRequest(input({ source: { content: null, withheld: 'the file is in neverSend', change: null } }));
    expect(withheld.ok && withheld.messages[1]!.content).toContain('Not shown: the file is in neverSend.');
  });

  it('says why when even the smallest request does not fit', () => {
    const built = buildVerifyRequest(input({ maxPromptTokens: 50 }));
    expect(built).toEqual({
      ok: false,
      problem: 'the verification request does not fit maxPromptTokens (50) even with the code around the cited lines only',
    });
  });
});

describe('citedWindows', () => {
  const lines = ['import x;', '', 'function a() {', '  one();', '  two();', '}', 'function b() {', '  three();', '}'];
  it('grows a window up to the enclosing declaration and merges overlaps', () => {
    expect(citedWindows(lines, [{ line: 5, endLine: null }], 0)).toEqual([[3, 5]]);
    expect(
      citedWindows(
        lines,
        [
          { line: 4, endLine: null },
          { line: 8, endLine: null },
        ],
        1,
      ),
    ).toEqual([
      [3, 5],
      [7, 9],
    ]);
    expect(
      citedWindows(
        lines,
        [
          { line: 4, endLine: null },
          { line: 8, endLine: null },
        ],
        2,
      ),
    ).toEqual([[2, 9]]);
  });
});

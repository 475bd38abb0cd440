import { statePaths } from '../../../src/state/paths.js';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReviewHookError } from '../../../src/errors.js';
import { appendAudit, buildAuditEntry, type AuditEntry } from '../../../src/state/audit.js';
import { tempDir } from '../../helpers/git-repo.js';

const C1 = {
  id: 'C1',
  severity: 'critical' as const,
  category: 'security' as const,
  file: 'src/db.ts',
  line: 42,
  title: 'SQL built from user input',
  verification: 'confirmed' as const,
};

function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    time: '2026-01-02T03:04:05.000Z',
    user: 'Ana <ana@example.com>',
    refs: ['refs/heads/a'],
    range: [{ ref: 'refs/heads/a', base: 'b'.repeat(40), head: 'c'.repeat(40) }],
    reason: 'fixture key, not a secret',
    source: 'env',
    findings: [C1],
    verdictWithoutOverride: 'block',
    ...overrides,
  };
}

async function readLines(commonDir: string): Promise<unknown[]> {
  const text = await readFile(statePaths(commonDir).audit, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);
}

describe('appendAudit', () => {
  it('creates review-hook/ under the common dir and writes one parseable line', async () => {
    const commonDir = tempDir();
    await appendAudit(commonDir, entry());
    expect(statePaths(commonDir).audit).toBe(join(commonDir, 'review-hook', 'audit.jsonl'));
    expect(await readLines(commonDir)).toEqual([entry()]);
  });

  it('appends rather than overwrites', async () => {
    const commonDir = tempDir();
    await appendAudit(commonDir, entry({ reason: 'first' }));
    await appendAudit(commonDir, entry({ reason: 'second', source: 'skip', findings: [], verdictWithoutOverride: null }));
    const lines = (await readLines(commonDir)) as AuditEntry[];
    expect(lines.map((line) => line.reason)).toEqual(['first', 'second']);
    expect(lines[1]?.verdictWithoutOverride).toBeNull();
  });

  it('keeps a multi-line reason on one line', async () => {
    const commonDir = tempDir();
    await appendAudit(commonDir, entry({ reason: 'line one\nline two' }));
    const lines = (await readLines(commonDir)) as AuditEntry[];
    expect(lines).toHaveLength(1);
    expect(lines[0]?.reason).toBe('line one\nline two');
  });

  it('writes only the audit fields, whatever else the object carries', async () => {
    const commonDir = tempDir();
    const leaky = {
      ...entry({ findings: [{ ...C1, detail: 'sk-in-a-detail', apiKey: 'sk-nope' } as typeof C1] }),
      apiKey: 'sk-should-never-be-written',
      env: { OPENAI_API_KEY: 'sk-nope' },
    };
    await appendAudit(commonDir, leaky);
    const text = await readFile(statePaths(commonDir).audit, 'utf8');
    expect(text).not.toContain('sk-');
    expect(Object.keys(JSON.parse(text) as object)).toEqual([
      'time',
      'user',
      'refs',
      'range',
      'reason',
      'source',
      'findings',
      'verdictWithoutOverride',
    ]);
    expect(Object.keys((JSON.parse(text) as AuditEntry).findings[0]!)).toEqual([
      'id',
      'severity',
      'category',
      'file',
      'line',
      'title',
      'verification',
    ]);
  });

  it('starts on a new line when the last one was cut short, so two records never glue together', async () => {
    const commonDir = tempDir();
    await appendAudit(commonDir, entry({ reason: 'whole' }));
    const cut = JSON.stringify(entry({ reason: 'cut short' })).slice(0, 40);
    await writeFile(statePaths(commonDir).audit, cut, { flag: 'a' });
    await appendAudit(commonDir, entry({ reason: 'after the cut' }));
    const lines = (await readFile(statePaths(commonDir).audit, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe(cut);
    expect((JSON.parse(lines[2]!) as AuditEntry).reason).toBe('after the cut');
  });

  it('10 concurrent appends give 10 whole lines', async () => {
    const commonDir = tempDir();
    const long = 'x'.repeat(2000);
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => appendAudit(commonDir, entry({ reason: `${i} ${long}`, findings: [{ ...C1, id: `C${i}` }] }))),
    );
    const lines = (await readLines(commonDir)) as AuditEntry[];
    expect(lines).toHaveLength(10);
    expect(lines.map((line) => Number(line.reason.split(' ')[0])).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await readdir(join(commonDir, 'review-hook'))).toEqual(['audit.jsonl']);
  });
});

describe('appendAudit failures', () => {
  it('an audit log that cannot be written is a ReviewHookError with the cause, not a silent pass', async () => {
    const notADir = join(tempDir(), 'file');
    await writeFile(notADir, '');
    const error = await appendAudit(notADir, entry()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReviewHookError);
    expect((error as ReviewHookError).message).toContain('audit.jsonl');
    expect((error as Error).cause).toBeDefined();
  });
});

describe('buildAuditEntry', () => {
  const base = {
    now: new Date('2026-05-06T07:08:09.000Z'),
    env: { USER: 'ana', OPENAI_API_KEY: 'sk-secret' },
    ranges: [
      { ref: 'refs/heads/a', base: '1'.repeat(40), head: '2'.repeat(40), commits: ['2'.repeat(40)], notes: [] },
      { ref: 'refs/heads/b', base: '3'.repeat(40), head: '4'.repeat(40), commits: [], notes: [] },
    ],
    override: { source: 'trailer' as const, reason: 'vendored' },
    findings: [
      {
        id: 'C1',
        severity: 'critical' as const,
        category: 'security' as const,
        file: 'src/db.ts',
        line: 42,
        endLine: null,
        title: 'SQL built from user input',
        detail: 'long detail',
        source: 'llm' as const,
        located: true,
        verification: { status: 'rejected' as const, reason: 'parsed first' },
      },
      {
        id: 'I2',
        severity: 'important' as const,
        category: 'task' as const,
        file: null,
        line: null,
        title: 'Missing requirement: audit trail',
      },
    ],
    verdictWithoutOverride: 'block' as const,
  };

  it('takes name and email from git config', () => {
    const built = buildAuditEntry({ ...base, userName: 'Ana', userEmail: 'ana@example.com' });
    expect(built).toEqual({
      time: '2026-05-06T07:08:09.000Z',
      user: 'Ana <ana@example.com>',
      refs: ['refs/heads/a', 'refs/heads/b'],
      range: [
        { ref: 'refs/heads/a', base: '1'.repeat(40), head: '2'.repeat(40) },
        { ref: 'refs/heads/b', base: '3'.repeat(40), head: '4'.repeat(40) },
      ],
      reason: 'vendored',
      source: 'trailer',
      // Each finding in full (not only its id), so the line means something once the report is gone.
      findings: [
        {
          id: 'C1',
          severity: 'critical',
          category: 'security',
          file: 'src/db.ts',
          line: 42,
          title: 'SQL built from user input',
          verification: 'rejected',
        },
        {
          id: 'I2',
          severity: 'important',
          category: 'task',
          file: null,
          line: null,
          title: 'Missing requirement: audit trail',
          verification: null,
        },
      ],
      verdictWithoutOverride: 'block',
    });
    expect(JSON.stringify(built)).not.toContain('sk-secret');
  });

  it('says of a finding a checks allow-list accepted that it was allowed, and why', () => {
    const allowed = {
      id: 'M1',
      severity: 'minor' as const,
      category: 'security' as const,
      file: 'test/t.txt',
      line: 1,
      title: 'GitHub token',
      allowedByConfig: 'a parser fixture',
    };
    const built = buildAuditEntry({ ...base, userName: 'Ana', userEmail: null, findings: [allowed, base.findings[1]!] });
    expect(built.findings).toEqual([
      {
        id: 'M1',
        severity: 'minor',
        category: 'security',
        file: 'test/t.txt',
        line: 1,
        title: 'GitHub token',
        verification: null,
        allowedByConfig: 'a parser fixture',
      },
      expect.not.objectContaining({ allowedByConfig: expect.anything() }),
    ]);
  });

  it.each([
    [null, 'ana@example.com', 'ana@example.com'],
    ['Ana', null, 'Ana'],
    [null, null, 'ana'],
    ['  ', '', 'ana'],
  ])('name %j, email %j → %j', (userName, userEmail, expected) => {
    expect(buildAuditEntry({ ...base, userName, userEmail }).user).toBe(expected);
  });

  it('null when nothing identifies the user', () => {
    expect(buildAuditEntry({ ...base, env: {}, userName: null, userEmail: null }).user).toBeNull();
  });
});

import { describe, expect, test } from 'vitest';
import { checks, isAllowedFinding, runChecks } from '../../../src/checks/registry.js';
import type { AddedLine, CommitInfo } from '../../../src/domain/types.js';
import { DEFAULTS } from '../../../src/config/schema.js';
import type { CheckSettings, ReviewConfig } from '../../../src/config/types.js';
import { FAKE, pemKey } from '../../helpers/fake-secrets.js';

const C1 = '1'.repeat(40);
const C2 = '2'.repeat(40);
const C3 = '3'.repeat(40);

/** A commit's message as the history reader hands it to the checks: subject, then body, a line each. */
function messageLines(commits: readonly CommitInfo[]): AddedLine[] {
  return commits.flatMap((commit) =>
    [commit.subject, ...commit.body.split('\n')].map(
      (text, i): AddedLine => ({ commit: commit.oid, file: '', line: i + 1, text, inMessage: true }),
    ),
  );
}

function config(checksSetting: Record<string, CheckSettings> = {}): ReviewConfig {
  return { ...structuredClone(DEFAULTS), checks: checksSetting } as ReviewConfig;
}

const added = (commit: string | null, file: string, first: number, ...texts: string[]): AddedLine[] =>
  texts.map((text, i) => ({ commit, file, line: first + i, text }));

describe('runChecks', () => {
  test('the registry holds the secrets, private-key and conflict-markers checks', () => {
    expect([...checks.keys()].sort()).toEqual(['conflict-markers', 'private-key', 'secrets']);
  });

  test('every finding is critical, tagged with its check, at file:line of the commit that added it', async () => {
    const lines = [
      ...added(C1, 'src/a.js', 3, `const t = "${FAKE.githubToken}";`),
      ...added(C1, 'deploy/key.pem', 1, ...pemKey('RSA ').split('\n')),
      ...added(C2, 'src/b.js', 10, '<<<<<<< HEAD', 'x', '=======', 'y', '>>>>>>> side'),
    ];
    const { findings, allowed } = await runChecks(lines, config());
    expect(allowed).toEqual([]);
    expect(findings.map((f) => [f.source, f.severity, f.file, f.line, f.title])).toEqual([
      ['check:secrets', 'critical', 'src/a.js', 3, 'GitHub token'],
      // The long key is secretlint's too; it is reported once, by the private-key check.
      ['check:private-key', 'critical', 'deploy/key.pem', 1, 'RSA private key'],
      ['check:conflict-markers', 'critical', 'src/b.js', 10, 'Merge-conflict markers left in the file'],
    ]);
    expect(findings[0]!.detail).toContain('in commit 11111111');
    expect(findings.every((f) => f.located)).toBe(true);
  });

  test('no finding shows the whole secret', async () => {
    const { findings } = await runChecks(added(C1, 'a.js', 1, `k = "${FAKE.slackToken}"`, `o = "${FAKE.openaiKey}"`), config());
    expect(findings).toHaveLength(2);
    for (const finding of findings) {
      const text = JSON.stringify(finding);
      expect(text).not.toContain(FAKE.slackToken);
      expect(text).not.toContain(FAKE.openaiKey);
      expect(text).not.toContain(FAKE.openaiKey.slice(8));
    }
  });

  test('a secret added, removed and added again is one finding, at the first commit', async () => {
    const lines = [
      ...added(C1, 'a.js', 2, `token = "${FAKE.githubToken}"`),
      ...added(C2, 'a.js', 2, 'token = process.env.TOKEN'),
      ...added(C3, 'a.js', 7, `  token = "${FAKE.githubToken}" // back`),
      ...added(C3, 'other.js', 1, `token = "${FAKE.githubToken}"`),
    ];
    const { findings } = await runChecks(lines, config());
    expect(findings.map((f) => `${f.file}:${f.line}`)).toEqual(['a.js:2', 'other.js:1']);
    expect(findings[0]!.detail).toContain('11111111');
  });

  test('the secrets found are handed on for redaction, allowed ones included', async () => {
    const lines = [
      ...added(C1, 'test/fixtures/tokens.js', 1, `t = "${FAKE.githubToken}"`),
      ...added(C1, 'src/a.js', 1, `s = "${FAKE.slackToken}"`),
    ];
    const result = await runChecks(
      lines,
      config({ secrets: { enabled: true, allow: [{ path: 'test/fixtures/', reason: 'fake tokens for tests' }] } }),
    );
    expect(result.secrets).toEqual(
      expect.arrayContaining([
        { kind: 'github-token', value: FAKE.githubToken },
        { kind: 'slack-token', value: FAKE.slackToken },
      ]),
    );
    expect(result.findings.map((f) => f.file)).toEqual(['src/a.js']);
  });

  describe('allow-lists', () => {
    const lines = [
      ...added(C1, 'test/fixtures/tokens.js', 4, `export const token = "${FAKE.githubToken}";`),
      ...added(C1, 'src/client.js', 9, `const id = "${FAKE.awsAccessKeyId}";`),
    ];

    test('a path glob accepts findings in matching files, with the reason in the report', async () => {
      const { findings, allowed } = await runChecks(
        lines,
        config({ secrets: { enabled: true, allow: [{ path: 'test/fixtures/**', reason: 'fake tokens for tests' }] } }),
      );
      expect(findings.map((f) => f.file)).toEqual(['src/client.js']);
      expect(allowed).toHaveLength(1);
      const [entry] = allowed;
      expect(entry).toMatchObject({
        severity: 'minor',
        file: 'test/fixtures/tokens.js',
        line: 4,
        source: 'check:secrets',
        title: 'GitHub token',
        allowedByConfig: 'fake tokens for tests',
      });
      // The check's own finding, only minor and marked: the reports say it was allowed, from the field.
      const unallowed = await runChecks(lines, config({ secrets: { enabled: true, allow: [] } }));
      const same = unallowed.findings.find((f) => f.file === 'test/fixtures/tokens.js');
      expect(entry).toEqual({ ...same, severity: 'minor', allowedByConfig: 'fake tokens for tests' });
      expect(isAllowedFinding(entry!)).toBe(true);
      expect(isAllowedFinding(findings[0]!)).toBe(false);
      // The field decides, not the title: a finding that merely says it is allowed is not.
      expect(isAllowedFinding({ ...findings[0]!, title: 'Allowed by config: GitHub token' })).toBe(false);
    });

    test('a pattern matches the offending text or its line', async () => {
      const bySecret = await runChecks(
        lines,
        config({ secrets: { enabled: true, allow: [{ pattern: '^AKIA', reason: 'documented example id' }] } }),
      );
      expect(bySecret.findings.map((f) => f.file)).toEqual(['test/fixtures/tokens.js']);
      const byLine = await runChecks(
        lines,
        config({ secrets: { enabled: true, allow: [{ pattern: 'export const token', reason: 'fixture' }] } }),
      );
      expect(byLine.findings.map((f) => f.file)).toEqual(['src/client.js']);
    });

    test('path and pattern together must both match', async () => {
      const both = await runChecks(
        lines,
        config({ secrets: { enabled: true, allow: [{ path: 'src/**', pattern: 'ghp_', reason: 'never both' }] } }),
      );
      expect(both.findings).toHaveLength(2);
      expect(both.allowed).toEqual([]);
    });

    test('an allow-list of one check does not cover another', async () => {
      const key = added(C1, 'test/fixtures/key.pem', 1, ...pemKey('EC ', true).split('\n'));
      const result = await runChecks(key, config({ secrets: { enabled: true, allow: [{ path: 'test/fixtures/', reason: 'fixtures' }] } }));
      expect(result.findings.map((f) => f.source)).toEqual(['check:private-key']);
    });
  });

  test('a disabled check does not run; its secrets are still found by redaction later, not here', async () => {
    const result = await runChecks(added(C1, 'a.js', 1, `t = "${FAKE.githubToken}"`), config({ secrets: { enabled: false, allow: [] } }));
    expect(result.findings).toEqual([]);
    expect(result.allowed).toEqual([]);
  });

  test('a check name that is no check is reported', async () => {
    const { notes } = await runChecks([], config({ secret: { enabled: false, allow: [] } }));
    expect(notes).toEqual([expect.stringContaining('checks.secret names no check')]);
  });

  test('commit messages are checked too: a secret there is a finding without a file; quoted markers are not', async () => {
    const lines = messageLines([
      { oid: C2, subject: 'rotate the bot token', body: `old one was ${FAKE.githubToken}\n\n<<<<<<< HEAD\n>>>>>>> x`, author: 'A <a@b>' },
    ]);
    expect(lines[1]).toEqual({ commit: C2, file: '', line: 2, text: `old one was ${FAKE.githubToken}`, inMessage: true });
    const { findings, secrets } = await runChecks(lines, config());
    expect(findings).toEqual([
      expect.objectContaining({
        source: 'check:secrets',
        severity: 'critical',
        file: null,
        line: null,
        title: 'GitHub token in a commit message',
      }),
    ]);
    expect(findings[0]!.detail).toContain('in the message of commit 22222222');
    expect(secrets).toEqual([{ kind: 'github-token', value: FAKE.githubToken }]);
    // A path never matches a message; a pattern can.
    const byPath = await runChecks(lines, config({ secrets: { enabled: true, allow: [{ path: '**', reason: 'all files' }] } }));
    expect(byPath.findings).toHaveLength(1);
    const byPattern = await runChecks(
      lines,
      config({ secrets: { enabled: true, allow: [{ pattern: 'old one was', reason: 'revoked' }] } }),
    );
    expect(byPattern.findings).toHaveLength(0);
  });

  test('conflict markers: one finding per file, at the first commit that added them', async () => {
    const lines = [
      ...added(C1, 'a.txt', 5, '<<<<<<< HEAD', 'mine', '=======', 'theirs', '>>>>>>> branch'),
      ...added(C2, 'a.txt', 20, '<<<<<<< HEAD'),
      ...added(C2, 'README.md', 1, 'Title', '======='),
    ];
    const { findings } = await runChecks(lines, config());
    expect(findings.map((f) => `${f.file}:${f.line}`)).toEqual(['a.txt:5']);
    expect(findings[0]!.detail).toContain('in commit 11111111');
  });
});

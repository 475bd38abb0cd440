// Builds cases from the repository's own history: a commit among the last N that reverts or fixes an
// earlier one makes the earlier change a case with a planted defect. Expected findings are the lines
// the earlier change added that the revert or fix took out again (matched by their text, since other
// commits may have moved them), at severity important, any category. The task is the earlier
// commit's own message. Every candidate that cannot make a case is reported with the reason.
import type { ReviewConfig } from '../config/types.js';
import { collectChangeset } from '../git/changeset.js';
import { readCommits } from '../git/commits.js';
import type { Git } from '../git/exec-git.js';
import type { RepoInfo } from '../git/repo.js';
import type { FileChange } from '../domain/types.js';
import { groupLines, historyRef, type HistoryRef } from './history-refs.js';
import type { EvalCase, ExpectedFinding } from './types.js';

/** More files than this and the change is too large to be one small case. */
export const MAX_CASE_FILES = 20;

export interface HistoryScan {
  scanned: number;
  cases: EvalCase[];
  /** Commits that name an earlier commit but could not make a case, and why. */
  skipped: Array<{ commit: string; subject: string; reason: string }>;
  /** Commits among the scanned ones that neither revert nor fix an earlier commit. */
  unrelated: number;
}

interface Candidate {
  fixer: string;
  subject: string;
  ref: HistoryRef;
}

async function resolveCommit(git: Git, ref: string): Promise<string | null> {
  const result = await git.tryRun(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  return result.exitCode === 0 ? result.stdout.trim() : null;
}

async function parentsOf(git: Git, oid: string): Promise<string[]> {
  const line = (await git.run(['rev-list', '--parents', '-n', '1', oid, '--'])).trim();
  return line.split(' ').slice(1);
}

function changeOf(git: Git, repo: RepoInfo, base: string, head: string, config: ReviewConfig) {
  return collectChangeset(git, repo, [{ ref: 'history', base, head, commits: [head], notes: [] }], config);
}

async function blob(git: Git, rev: string, path: string): Promise<Buffer | null> {
  const result = await git.tryRun(['cat-file', 'blob', `${rev}:${path}`]);
  return result.exitCode === 0 ? Buffer.from(result.stdout, 'utf8') : null;
}

/** Lines of the earlier change (new-file numbers) whose text the fix removed, per file. */
function expectedFrom(earlier: FileChange[], fix: FileChange[]): ExpectedFinding[] {
  const expected: ExpectedFinding[] = [];
  for (const file of earlier) {
    const removed = new Set(
      fix
        .filter((f) => f.path === file.path || f.oldPath === file.path)
        .flatMap((f) => f.hunks.flatMap((h) => h.lines.filter((l) => l.kind === 'del').map((l) => l.text.trim())))
        .filter((text) => text !== ''),
    );
    const lines = file.hunks.flatMap((h) =>
      h.lines.filter((l) => l.kind === 'add' && l.newLine !== null && removed.has(l.text.trim())).map((l) => l.newLine as number),
    );
    for (const [first, last] of groupLines(lines)) {
      expected.push({ file: file.path, startLine: first, endLine: last, severity: 'important', category: null, note: '' });
    }
  }
  return expected;
}

export async function casesFromHistory(git: Git, repo: RepoInfo, count: number, config: ReviewConfig): Promise<HistoryScan> {
  const oids = (await git.run(['rev-list', '-n', String(count), 'HEAD', '--']))
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const commits = await readCommits(git, oids);
  const candidates: Candidate[] = [];
  for (const commit of commits) {
    const ref = historyRef(`${commit.subject}\n\n${commit.body}`);
    if (ref) candidates.push({ fixer: commit.oid, subject: commit.subject, ref });
  }
  const skipped: HistoryScan['skipped'] = [];
  const byEarlier = new Map<string, EvalCase>();
  for (const { fixer, subject, ref } of candidates) {
    const skip = (reason: string) => skipped.push({ commit: fixer, subject, reason });
    const earlier = await resolveCommit(git, ref.ref);
    if (earlier === null) {
      skip(`names ${ref.ref}, which is not a commit in this repository`);
      continue;
    }
    const parents = await parentsOf(git, earlier);
    if (parents.length !== 1) {
      skip(
        `${ref.kind === 'revert' ? 'reverts' : 'fixes'} ${earlier.slice(0, 12)}, a ${parents.length === 0 ? 'root' : 'merge'} commit: no single change to replay`,
      );
      continue;
    }
    const fixerParents = await parentsOf(git, fixer);
    if (fixerParents.length !== 1) {
      skip('is a merge commit: its own change is not one diff');
      continue;
    }
    const before = parents[0] as string;
    const change = await changeOf(git, repo, before, earlier, config);
    const files = change.files.filter((f) => !f.binary);
    if (files.length === 0) {
      skip(`${earlier.slice(0, 12)} changes no reviewable text file`);
      continue;
    }
    if (files.length > MAX_CASE_FILES) {
      skip(`${earlier.slice(0, 12)} changes ${files.length} files (a case holds at most ${MAX_CASE_FILES})`);
      continue;
    }
    const fix = await changeOf(git, repo, fixerParents[0] as string, fixer, config);
    const expected = expectedFrom(files, fix.files);
    if (expected.length === 0) {
      skip(
        `${ref.kind === 'revert' ? 'the revert' : 'the fix'} removes no line that ${earlier.slice(0, 12)} added (a fix that only adds lines has no line to expect)`,
      );
      continue;
    }
    const existing = byEarlier.get(earlier);
    if (existing) {
      existing.expected.push(...expected);
      existing.source += `, ${ref.kind === 'revert' ? 'reverted' : 'fixed'} by ${fixer.slice(0, 12)}`;
      continue;
    }
    const [info] = await readCommits(git, [earlier]);
    const beforeFiles = new Map<string, Buffer>();
    const afterFiles = new Map<string, Buffer>();
    const deleted: string[] = [];
    for (const file of files) {
      const oldPath = file.oldPath ?? file.path;
      const old = file.status === 'added' ? null : await blob(git, before, oldPath);
      if (old !== null) beforeFiles.set(oldPath, old);
      if (file.status === 'deleted') deleted.push(file.path);
      else {
        const now = await blob(git, earlier, file.path);
        if (now !== null) afterFiles.set(file.path, now);
      }
      if (file.oldPath !== null && file.oldPath !== file.path && old !== null) deleted.push(file.oldPath);
    }
    byEarlier.set(earlier, {
      id: `history-${earlier.slice(0, 12)}`,
      source: `commit ${earlier.slice(0, 12)}, ${ref.kind === 'revert' ? 'reverted' : 'fixed'} by ${fixer.slice(0, 12)}`,
      language: 'unknown',
      task: { title: info?.subject ?? 'Change', description: info?.body ?? '', acceptance: '' },
      before: beforeFiles,
      after: afterFiles,
      deleted,
      expected,
    });
  }
  return { scanned: commits.length, cases: [...byEarlier.values()], skipped, unrelated: commits.length - candidates.length };
}

// Reading what review-hook keeps under the git dir (.git/review-hook/), and a snapshot of everything
// of the user's it must leave alone, for the tests of both layers.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { JsonReport } from './contract.js';
import type { TestRepo } from './git-repo.js';

/** The repository's state folder. */
export const stateDir = (repo: { dir: string }): string => join(repo.dir, '.git', 'review-hook');

/** The audit log's lines, parsed; none when there is no log yet. */
export function auditLines(repo: { dir: string }): Array<Record<string, unknown>> {
  const path = join(stateDir(repo), 'audit.jsonl');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The latest report (last-review.json). */
export function readLastReview(repo: { dir: string }): JsonReport {
  return JSON.parse(readFileSync(join(stateDir(repo), 'last-review.json'), 'utf8')) as JsonReport;
}

/** Every file of the state folder by its path inside it, with its text. */
export function reviewHookFiles(repo: { dir: string }): Record<string, string> {
  const dir = stateDir(repo);
  const out: Record<string, string> = {};
  const walk = (at: string): void => {
    if (!existsSync(at)) return;
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** Everything of the user's that the hook must leave alone. */
export function snapshot(repo: TestRepo): Record<string, string> {
  const git = (...args: string[]) => repo.git('--no-optional-locks', ...args);
  const gitDir = join(repo.dir, '.git');
  const hash = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
  const files: string[] = [];
  const walk = (at: string): void => {
    for (const name of readdirSync(at).sort()) {
      if (at === repo.dir && name === '.git') continue;
      const path = join(at, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else files.push(`${relative(repo.dir, path)} ${stat.mode.toString(8)} ${hash(readFileSync(path))}`);
    }
  };
  walk(repo.dir);
  return {
    status: git('status', '--porcelain=v2', '--branch', '--untracked-files=all', '--ignored'),
    stash: git('stash', 'list'),
    index: git('ls-files', '-s'),
    indexFile: hash(readFileSync(join(gitDir, 'index'))),
    refs: git('for-each-ref', '--format=%(refname) %(objectname) %(symref)'),
    head: readFileSync(join(gitDir, 'HEAD'), 'utf8'),
    config: readFileSync(join(gitDir, 'config'), 'utf8'),
    worktree: files.join('\n'),
  };
}

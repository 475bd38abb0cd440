// Builds a case's temporary repository: base files committed, then the change committed on top, with
// the task as a Beads issue in the base commit (the tracker's folder is never reviewed itself), so
// the review reads the task the way it reads a real one. Git runs through the one git runner.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Env } from '../domain/env.js';
import { createGit } from '../git/exec-git.js';
import type { EvalCase } from './types.js';

/** The issue id the case's task gets; neutral, so it tells a model nothing about the case. */
export const CASE_ISSUE_ID = 'app-1';

export interface CaseRepo {
  dir: string;
  base: string;
  head: string;
  /** The environment the review of this repository runs with. */
  env: Record<string, string>;
  remove(): Promise<void>;
}

/**
 * The user's environment without what would point git elsewhere or change the verdict: the
 * repository location variables (a run from inside a hook), overrides and skips, and the user's git
 * config (a global hooks path or signing would act on the temporary commits). The model settings
 * (OPENAI_*, REVIEW_HOOK_MODEL, the key variable) stay.
 */
export function caseEnv(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (key.startsWith('GIT_')) continue;
    if (['REVIEW_HOOK_ALLOW', 'REVIEW_HOOK_SKIP', 'REVIEW_HOOK_CONFIG', 'CI'].includes(key)) continue;
    out[key] = value;
  }
  return {
    ...out,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'Eval Author',
    GIT_AUTHOR_EMAIL: 'author@example.invalid',
    GIT_COMMITTER_NAME: 'Eval Author',
    GIT_COMMITTER_EMAIL: 'author@example.invalid',
  };
}

function issueRecord(testCase: EvalCase): string {
  return `${JSON.stringify({
    id: CASE_ISSUE_ID,
    title: testCase.task.title,
    description: testCase.task.description,
    acceptance_criteria: testCase.task.acceptance,
    status: 'in_progress',
    priority: 2,
    issue_type: 'task',
  })}\n`;
}

async function writeFiles(dir: string, files: Map<string, Buffer>): Promise<void> {
  for (const [path, content] of files) {
    const full = join(dir, path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, content);
  }
}

export async function buildCaseRepo(testCase: EvalCase, env: Env): Promise<CaseRepo> {
  const dir = await mkdtemp(join(tmpdir(), 'review-hook-eval-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    const repoEnv = caseEnv(env);
    const git = createGit(dir, repoEnv);
    await git.run(['init', '-q', '-b', 'main']);
    // No hooks, signing or line-ending rewrites on the case's own commits.
    const commit = [
      '-c',
      'commit.gpgsign=false',
      '-c',
      'core.autocrlf=false',
      '-c',
      'core.hooksPath=/dev/null',
      'commit',
      '-q',
      '--no-verify',
      '--allow-empty',
    ];
    await writeFiles(dir, testCase.before);
    await writeFiles(dir, new Map([['.beads/issues.jsonl', Buffer.from(issueRecord(testCase))]]));
    await git.run(['add', '-A']);
    await git.run([...commit, '-m', 'Base']);
    const base = (await git.run(['rev-parse', 'HEAD'])).trim();
    for (const path of testCase.deleted) await rm(join(dir, path), { force: true });
    await writeFiles(dir, testCase.after);
    await git.run(['add', '-A']);
    await git.run([...commit, '-m', testCase.task.title, '-m', `Refs: ${CASE_ISSUE_ID}`]);
    const head = (await git.run(['rev-parse', 'HEAD'])).trim();
    return { dir, base, head, env: repoEnv, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

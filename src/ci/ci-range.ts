// Which pull/merge request a CI job is running for, from the variables the CI sets. Pure: the
// environment and the parsed event file are passed in.
import { UsageError } from '../errors.js';

import type { Env } from '../domain/env.js';

export type CiKind = 'github' | 'gitlab' | 'other';

export interface CiRequest {
  ci: CiKind;
  /** "pull request #12", "merge request !7", or the range given by flags. */
  label: string;
  /** The commit under review. */
  head: string;
  /** The target branch's commit, or, on GitLab, the merge base it computed; null: only the branch is known. */
  base: string | null;
  /** GitLab's CI_MERGE_REQUEST_DIFF_BASE_SHA is already the merge base. */
  baseIsMergeBase: boolean;
  /** The branch the request merges into, to fetch when its commit is missing. */
  targetBranch: string | null;
}

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

export function detectCi(env: Env): CiKind {
  if (env.GITHUB_ACTIONS === 'true') return 'github';
  if (env.GITLAB_CI === 'true') return 'gitlab';
  return 'other';
}

interface GithubEvent {
  number?: unknown;
  pull_request?: { number?: unknown; base?: { sha?: unknown; ref?: unknown }; head?: { sha?: unknown } };
}

/**
 * GitHub Actions `pull_request` / `pull_request_target`: the event file (GITHUB_EVENT_PATH) holds
 * pull_request.base.sha and head.sha. The checkout is the test-merge commit, so the PR's own head
 * comes from the event, not from HEAD.
 */
export function githubRequest(env: Env, event: unknown): CiRequest {
  const name = env.GITHUB_EVENT_NAME ?? '';
  if (name !== 'pull_request' && name !== 'pull_request_target') {
    throw new UsageError(`review-hook ci reviews a pull request, but this workflow runs for a "${name || 'unknown'}" event`, {
      hint: 'Run it in a workflow triggered by `on: pull_request`, or give the range: review-hook ci --base <rev> --head <rev>.',
    });
  }
  const pr = (event as GithubEvent | null)?.pull_request;
  const head = pr?.head?.sha;
  const base = pr?.base?.sha;
  if (typeof head !== 'string' || !SHA.test(head) || typeof base !== 'string' || !SHA.test(base)) {
    throw new UsageError(
      `the event file ${env.GITHUB_EVENT_PATH ?? '(GITHUB_EVENT_PATH not set)'} has no pull_request.base.sha and head.sha`,
      {
        hint: 'GitHub Actions writes it for pull_request events; elsewhere give the range: review-hook ci --base <rev> --head <rev>.',
      },
    );
  }
  const ref = typeof pr?.base?.ref === 'string' && pr.base.ref !== '' ? pr.base.ref : env.GITHUB_BASE_REF || null;
  const number = typeof pr?.number === 'number' ? pr.number : null;
  return {
    ci: 'github',
    label: number === null ? 'pull request' : `pull request #${number}`,
    head,
    base,
    baseIsMergeBase: false,
    targetBranch: ref,
  };
}

/**
 * GitLab merge-request pipelines: CI_MERGE_REQUEST_DIFF_BASE_SHA is the merge base GitLab shows the
 * diff against; CI_COMMIT_SHA is the commit under review (in merged-results pipelines, the merge
 * commit, whose diff from the base is still the request's change).
 */
export function gitlabRequest(env: Env): CiRequest {
  const head = env.CI_COMMIT_SHA ?? '';
  const iid = env.CI_MERGE_REQUEST_IID;
  if (!iid) {
    throw new UsageError(
      'review-hook ci reviews a merge request, but this is not a merge-request pipeline (CI_MERGE_REQUEST_IID is not set)',
      {
        hint: 'Give the job `rules: - if: $CI_PIPELINE_SOURCE == "merge_request_event"`, or give the range: review-hook ci --base <rev> --head <rev>.',
      },
    );
  }
  if (!SHA.test(head))
    throw new UsageError('CI_COMMIT_SHA is not set to a commit id', { hint: 'Run review-hook ci inside the GitLab job.' });
  const diffBase = env.CI_MERGE_REQUEST_DIFF_BASE_SHA ?? '';
  const targetSha = env.CI_MERGE_REQUEST_TARGET_BRANCH_SHA ?? '';
  const base = SHA.test(diffBase) ? diffBase : SHA.test(targetSha) ? targetSha : null;
  const target = env.CI_MERGE_REQUEST_TARGET_BRANCH_NAME || null;
  if (base === null && target === null) {
    throw new UsageError('neither CI_MERGE_REQUEST_DIFF_BASE_SHA nor CI_MERGE_REQUEST_TARGET_BRANCH_NAME is set', {
      hint: 'Run review-hook ci in a merge-request pipeline, or give the range: review-hook ci --base <rev> --head <rev>.',
    });
  }
  return { ci: 'gitlab', label: `merge request !${iid}`, head, base, baseIsMergeBase: SHA.test(diffBase), targetBranch: target };
}

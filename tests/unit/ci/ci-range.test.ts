import { describe, expect, it } from 'vitest';
import { detectCi, githubRequest, gitlabRequest } from '../../../src/ci/ci-range.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);

describe('detectCi', () => {
  it.each([
    [{ GITHUB_ACTIONS: 'true' }, 'github'],
    [{ GITLAB_CI: 'true' }, 'gitlab'],
    [{ CI: 'true' }, 'other'],
    [{}, 'other'],
  ])('%j → %s', (env, kind) => expect(detectCi(env)).toBe(kind));
});

describe('githubRequest', () => {
  const event = { number: 12, pull_request: { number: 12, base: { sha: A, ref: 'main' }, head: { sha: B } } };
  it('reads base and head from the event file', () => {
    expect(githubRequest({ GITHUB_EVENT_NAME: 'pull_request' }, event)).toEqual({
      ci: 'github',
      label: 'pull request #12',
      head: B,
      base: A,
      baseIsMergeBase: false,
      targetBranch: 'main',
    });
    expect(
      githubRequest(
        { GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_BASE_REF: 'dev' },
        { pull_request: { base: { sha: A }, head: { sha: B } } },
      ),
    ).toMatchObject({ label: 'pull request', targetBranch: 'dev' });
  });
  it.each([
    [{ GITHUB_EVENT_NAME: 'push' }, event, /"push" event/],
    [{ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: '/e.json' }, {}, /\/e\.json has no pull_request/],
    [{ GITHUB_EVENT_NAME: 'pull_request' }, { pull_request: { base: { sha: 'main' }, head: { sha: B } } }, /no pull_request\.base\.sha/],
    [{ GITHUB_EVENT_NAME: 'pull_request' }, null, /no pull_request/],
  ])('%j with %j: %s', (env, body, message) => {
    expect(() => githubRequest(env, body)).toThrow(message);
  });
});

describe('gitlabRequest', () => {
  const mr = { CI_MERGE_REQUEST_IID: '7', CI_COMMIT_SHA: B, CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main' };
  it('takes the diff base GitLab computed as the merge base', () => {
    expect(gitlabRequest({ ...mr, CI_MERGE_REQUEST_DIFF_BASE_SHA: A })).toEqual({
      ci: 'gitlab',
      label: 'merge request !7',
      head: B,
      base: A,
      baseIsMergeBase: true,
      targetBranch: 'main',
    });
  });
  it('falls back to the target sha, then the target branch', () => {
    expect(gitlabRequest({ ...mr, CI_MERGE_REQUEST_TARGET_BRANCH_SHA: C })).toMatchObject({ base: C, baseIsMergeBase: false });
    expect(gitlabRequest(mr)).toMatchObject({ base: null, targetBranch: 'main' });
  });
  it.each([
    [{ CI_COMMIT_SHA: B }, /not a merge-request pipeline/],
    [{ CI_MERGE_REQUEST_IID: '7', CI_COMMIT_SHA: 'HEAD' }, /CI_COMMIT_SHA/],
    [{ CI_MERGE_REQUEST_IID: '7', CI_COMMIT_SHA: B }, /neither CI_MERGE_REQUEST_DIFF_BASE_SHA/],
  ])('%j: %s', (env, message) => {
    expect(() => gitlabRequest(env)).toThrow(message);
  });
});

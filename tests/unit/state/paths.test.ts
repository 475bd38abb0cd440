// The files the contract names under the common git dir, all built by statePaths.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { statePaths } from '../../../src/state/paths.js';

describe('statePaths', () => {
  it('puts every state file in review-hook/ under the common git dir, under the names the contract gives', () => {
    const dir = join('/repo/.git', 'review-hook');
    expect(statePaths('/repo/.git')).toEqual({
      dir,
      lastReviewJson: join(dir, 'last-review.json'),
      lastReviewMarkdown: join(dir, 'last-review.md'),
      lastRound: join(dir, 'last-round.json'),
      audit: join(dir, 'audit.jsonl'),
      blockedRefs: join(dir, 'blocked-refs.json'),
      endpoints: join(dir, 'endpoints.json'),
      cache: join(dir, 'cache'),
    });
  });
});

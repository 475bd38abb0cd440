// Overrides are recorded and still show the findings; onError decides what a failed review gets;
// a broken config stops the push with a message that names the problem.
// Here the overrides only a spawned hook shows (git -c passes its config through the environment)
// and one of each kind through the installed hook (tests/helpers/scenarios/overrides.ts, which the
// in-process layer runs too); every other case runs in-process in tests/integration/overrides-and-errors.test.ts.
import { describe, expect, test } from 'vitest';
import { createHookedRepo, criticalReview, run, useModelServer } from '../helpers/e2e.js';
import { QUERY } from '../helpers/reviews.js';
import { envOverrideRecorded, skipLogged, trailerAfterBlock } from '../helpers/scenarios/overrides.js';
import { auditLines } from '../helpers/state-files.js';

const server = useModelServer({ review: criticalReview('src/find.js', 2) });

describe('overrides', () => {
  test('REVIEW_HOOK_ALLOW lets a blocked push through, prints the findings and records the reason', async () => {
    await envOverrideRecorded(await createHookedRepo({ server }));
  });

  test('git -c review-hook.allow="reason" push overrides for that push only', async () => {
    const { repo, push, remoteHead } = await createHookedRepo({ server });
    const before = remoteHead();
    const head = repo.commit('add lookup', { 'src/find.js': QUERY });
    expect((await push(['origin', 'main'])).status).not.toBe(0);
    expect(remoteHead()).toBe(before);

    const overridden = await run('git', ['-c', 'review-hook.allow=false positive: id is an integer', 'push', 'origin', 'main'], {
      cwd: repo.dir,
      env: repo.env,
    });
    expect(overridden.status, overridden.stderr).toBe(0);
    expect(remoteHead()).toBe(head);
    expect(auditLines(repo).at(-1)).toMatchObject({ source: 'git-config', reason: 'false positive: id is an integer' });
  });

  test('a Review-Override trailer added after the block, on the head commit, overrides for that ref', async () => {
    await trailerAfterBlock(await createHookedRepo({ server }));
  });

  test('REVIEW_HOOK_SKIP=1 skips the review, makes no request and is logged', async () => {
    await skipLogged(await createHookedRepo({ server }), server);
  });
});

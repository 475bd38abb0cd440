// The review cache across processes: a manual run, then the hook in its own process, reuse one
// review (tests/helpers/scenarios/review-cache.ts, which the in-process layer runs too). The rest of
// the cache's behaviour is in tests/integration/cache.test.ts.
import { describe, test } from 'vitest';
import { createHookedRepo, criticalReview, useModelServer } from '../helpers/e2e.js';
import { manualRunThenHook } from '../helpers/scenarios/review-cache.js';

const server = useModelServer({ review: criticalReview('src/find.js', 2) });

describe('the same changes reviewed again make no request', () => {
  test('a manual run, then the hook push', async () => {
    await manualRunThenHook(await createHookedRepo({ server }), server);
  });
});

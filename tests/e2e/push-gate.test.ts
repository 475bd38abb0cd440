// The gate end to end: real pushes through the installed hook against the local model server.
// A blocked and an allowed push; the range cases run in-process in tests/integration/push-gate.test.ts.
import { describe, test } from 'vitest';
import { createHookedRepo, useModelServer } from '../helpers/e2e.js';
import { cleanLands, criticalBlocks } from '../helpers/scenarios/push-gate.js';

const server = useModelServer();

describe('pre-push gate', () => {
  test('a Critical finding blocks the push and nothing lands', async () => {
    await criticalBlocks(await createHookedRepo({ server }), server);
  });

  test('a clean review lets the push land, and what was sent is the pushed change', async () => {
    await cleanLands(await createHookedRepo({ server }), server);
  });
});

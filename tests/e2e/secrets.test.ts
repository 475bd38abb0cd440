// Secrets never leave the machine: planted in real commits and pushed through the installed hook,
// each is blocked by the checks (even when a later commit of the same push removes it), and none
// reaches the model server, while the code around it still does. Never-sent files are checked but
// not sent; without a model the checks still decide; text that tries to instruct the reviewer stays
// inside its fence.
// Here one push through the installed package (its secret rules load from the tarball); every case
// runs in-process in tests/integration/secrets.test.ts.
import { describe, test } from 'vitest';
import { createHookedRepo, useModelServer } from '../helpers/e2e.js';
import { plantedSecretsBlock } from '../helpers/scenarios/planted-secrets.js';

const server = useModelServer();

describe('planted secrets', () => {
  test('block the push with a critical finding each, and none reaches the model; the code around them does', async () => {
    await plantedSecretsBlock(await createHookedRepo({ server }), server);
  });
});

import { describe, expect, it } from 'vitest';
import { entropy, looksRandom } from '../../../src/checks/extra-secret-rules.js';
import { scanWithSecretlint } from '../../../src/checks/secret-scan.js';
import { FAKE } from '../../helpers/fake-secrets.js';

async function kinds(lines: string[], file = 'src/config.ts'): Promise<Array<[string, string]>> {
  return (await scanWithSecretlint(lines, file)).map((hit) => [hit.kind, hit.value]);
}

describe('credentials beyond the recommended preset', () => {
  it('finds a Stripe live key, and only the key', async () => {
    expect(await kinds([`const stripe = new Stripe("${FAKE.stripeLiveKey}");`])).toEqual([['stripe-live-key', FAKE.stripeLiveKey]]);
  });

  it('finds a Google API key', async () => {
    expect(await kinds([`const url = "https://maps.googleapis.com/maps/api/js?key=${FAKE.googleApiKey}";`])).toEqual([
      ['google-api-key', FAKE.googleApiKey],
    ]);
  });

  it.each([
    [`const password = "${FAKE.genericSecret}";`],
    [`  "clientSecret": "${FAKE.genericSecret}",`],
    [`DB_TOKEN := '${FAKE.genericSecret}'`],
    [`api_key: "${FAKE.genericSecret}"`],
  ])('finds a random-looking secret assigned in code: %s', async (line) => {
    expect(await kinds([line])).toEqual([['generic-secret', FAKE.genericSecret]]);
  });

  it.each([
    ['a test password that is plain words', 'const password = "correct-horse";'],
    ['an environment reference', 'const token = "process.env.GITHUB_TOKEN_VALUE";'],
    ['a placeholder', 'password: "xxxxxxxxxxxxxxxxxxxx"'],
    ['an unquoted expression', 'const secret = readSecretFromVault(name);'],
    ['a name that says nothing of secrets', `const colour = "${FAKE.genericSecret}";`],
  ])('leaves alone %s', async (_name, line) => {
    expect(await kinds([line])).toEqual([]);
  });

  it.each(['prod.env', '.env.production', 'deploy/staging.env', '.env'])('finds secrets in %s, by any name', async (file) => {
    const lines = ['# settings', `STRIPE_SECRET=${FAKE.genericSecret}`, 'export DB_PASSWORD="Zk3-9fQ!x2Lm"', 'PORT=3000', 'DEBUG=true'];
    expect(await kinds(lines, file)).toEqual([
      ['env-file-secret', FAKE.genericSecret],
      ['env-file-secret', 'Zk3-9fQ!x2Lm'],
    ]);
  });

  it('leaves example env files and plain settings alone', async () => {
    expect(await kinds([`API_TOKEN=${FAKE.genericSecret}`], '.env.example')).toEqual([]);
    expect(await kinds(['API_TOKEN=changeme-please', 'PORT=3000'], 'prod.env')).toEqual([]);
  });
});

describe('entropy', () => {
  it('is low for repetition and high for random text', () => {
    expect(entropy('aaaaaaaa')).toBe(0);
    expect(entropy(FAKE.genericSecret)).toBeGreaterThan(3.5);
    expect(looksRandom('generic-secret', 'hunter2hunter2')).toBe(false);
    expect(looksRandom('stripe-live-key', 'anything')).toBe(true);
  });
});

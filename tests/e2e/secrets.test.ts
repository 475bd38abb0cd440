// Secrets never leave the machine: planted in real commits and pushed through the installed hook,
// each is blocked by the checks (even when a later commit of the same push removes it), and none
// reaches the model server, while the code around it still does. Never-sent files are checked but
// not sent; without a model the checks still decide; text that tries to instruct the reviewer stays
// inside its fence.
// Here one push through the installed package (its secret rules load from the tarball); every case
// runs in-process in tests/integration/secrets.test.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createHookedRepo, promptOf, type HookedRepo, useModelServer } from '../helpers/e2e.js';
import { FAKE, basicAuthUrl, pemKey } from '../helpers/fake-secrets.js';

const server = useModelServer();

const KEY_BODY = FAKE.pemBody;
const ALL_SECRETS = [
  FAKE.githubToken,
  FAKE.awsAccessKeyId,
  FAKE.awsSecretAccessKey,
  FAKE.slackToken,
  FAKE.openaiKey,
  FAKE.basicAuthPassword,
  ...KEY_BODY,
];

interface JsonReport {
  verdict: string;
  findings: Array<{
    id: string;
    severity: string;
    file: string | null;
    line: number | null;
    title: string;
    detail: string;
    source: string;
  }>;
  coverage: { reviewed: string[]; skipped: Array<{ file: string; reason: string }> };
  errors: string[];
  modelReview: string;
}

function lastReview(hooked: HookedRepo): { json: JsonReport; raw: string; markdown: string } {
  const dir = join(hooked.repo.dir, '.git', 'review-hook');
  const raw = readFileSync(join(dir, 'last-review.json'), 'utf8');
  return { json: JSON.parse(raw) as JsonReport, raw, markdown: readFileSync(join(dir, 'last-review.md'), 'utf8') };
}

/** Everything the model server was sent, as raw request bodies. */
function sent(): string {
  return server.requests.map((r) => r.rawBody).join('\n');
}

function expectNoSecret(text: string, what: string): void {
  for (const secret of ALL_SECRETS) {
    expect(text.includes(secret), `${what} contains a planted secret (${secret.slice(0, 4)}…)`).toBe(false);
  }
}

const CONFIG_JS = [
  'export const config = {',
  `  github: "${FAKE.githubToken}", // deploy bot`,
  `  awsKeyId: "${FAKE.awsAccessKeyId}", // ci user`,
  `  aws_secret_access_key: "${FAKE.awsSecretAccessKey}", // ci user`,
  `  slack: "${FAKE.slackToken}", // alerts`,
  `  openai: "${FAKE.openaiKey}", // summaries`,
  `  database: "${basicAuthUrl()}", // primary`,
  '};',
  '',
].join('\n');

const KEY_JS = ['// Signs release manifests.', 'export const signingKey = `', pemKey('RSA '), '`; // loaded at startup', ''].join('\n');

describe('planted secrets', () => {
  test('block the push with a critical finding each, and none reaches the model; the code around them does', async () => {
    const hooked = await createHookedRepo({ server });
    const before = hooked.remoteHead();
    hooked.repo.commit('add service config', { 'src/config.js': CONFIG_JS, 'src/signing.js': KEY_JS });

    const result = await hooked.push(['origin', 'main']);

    expect(result.status).not.toBe(0);
    expect(hooked.remoteHead()).toBe(before);
    // The model review ran although the checks had already blocked, so every finding shows at once.
    expect(server.chatRequests().length).toBeGreaterThanOrEqual(1);

    const { json, raw, markdown } = lastReview(hooked);
    expect(json.verdict).toBe('block');
    const checks = json.findings.filter((f) => f.source.startsWith('check:'));
    expect(checks.map((f) => [f.source, f.severity, `${f.file}:${f.line}`, f.title]).sort()).toEqual(
      [
        ['check:private-key', 'critical', 'src/signing.js:3', 'RSA private key'],
        ['check:secrets', 'critical', 'src/config.js:2', 'GitHub token'],
        ['check:secrets', 'critical', 'src/config.js:3', 'AWS access key ID'],
        ['check:secrets', 'critical', 'src/config.js:4', 'AWS secret access key'],
        ['check:secrets', 'critical', 'src/config.js:5', 'Slack token'],
        ['check:secrets', 'critical', 'src/config.js:6', 'OpenAI API key'],
        ['check:secrets', 'critical', 'src/config.js:7', 'Password in a URL (basic auth)'],
      ].sort(),
    );
    expect(result.stderr).toContain('src/config.js:2');
    expect(result.stderr).toContain('GitHub token');

    // Nothing sent, printed or saved holds a secret.
    expectNoSecret(sent(), 'what the model server received');
    expectNoSecret(result.stderr + result.stdout, 'the hook output');
    expectNoSecret(raw + markdown, 'the saved report');

    // The lines are still there for review, each secret replaced by a marker naming its kind.
    const prompt = server.chatRequests().map(promptOf).join('\n');
    for (const line of [
      'github: "[REDACTED github-token]", // deploy bot',
      'awsKeyId: "[REDACTED aws-access-key-id]", // ci user',
      'aws_secret_access_key: "[REDACTED aws-secret-access-key]", // ci user',
      'slack: "[REDACTED slack-token]", // alerts',
      'openai: "[REDACTED openai-key]", // summaries',
      'database: "[REDACTED basic-auth]/app", // primary',
      '[REDACTED private-key]',
      '`; // loaded at startup',
      'export const signingKey = `',
    ]) {
      expect(prompt).toContain(line);
    }
  });
});

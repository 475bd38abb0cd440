// The planted-secrets case and its helpers, shared by both layers: tests/integration/secrets.test.ts
// runs it in-process, tests/e2e/secrets.test.ts through the installed package, whose secret rules
// load from the tarball.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { JsonReport } from '../contract.js';
import type { FakeOpenAI } from '../fake-openai.js';
import { FAKE, basicAuthUrl, pemKey } from '../fake-secrets.js';
import { promptOf } from '../reviews.js';

export const KEY_BODY = FAKE.pemBody;
export const ALL_SECRETS = [
  FAKE.githubToken,
  FAKE.awsAccessKeyId,
  FAKE.awsSecretAccessKey,
  FAKE.slackToken,
  FAKE.openaiKey,
  FAKE.basicAuthPassword,
  ...KEY_BODY,
];

export function lastReview(hooked: { repo: { dir: string } }): { json: JsonReport; raw: string; markdown: string } {
  const dir = join(hooked.repo.dir, '.git', 'review-hook');
  const raw = readFileSync(join(dir, 'last-review.json'), 'utf8');
  return { json: JSON.parse(raw) as JsonReport, raw, markdown: readFileSync(join(dir, 'last-review.md'), 'utf8') };
}

/** Everything the model server was sent, as raw request bodies. */
export function sent(server: FakeOpenAI): string {
  return server.requests.map((r) => r.rawBody).join('\n');
}

export function expectNoSecret(text: string, what: string): void {
  for (const secret of ALL_SECRETS) {
    expect(text.includes(secret), `${what} contains a planted secret (${secret.slice(0, 4)}…)`).toBe(false);
  }
}

export const CONFIG_JS = [
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

export const KEY_JS = ['// Signs release manifests.', 'export const signingKey = `', pemKey('RSA '), '`; // loaded at startup', ''].join(
  '\n',
);

/** A repository whose pushes are reviewed, by the installed hook or in-process. */
interface PushedRepo {
  repo: { dir: string; commit(message: string, files: Record<string, string>): unknown };
  push(args: string[]): Promise<{ status: number; stdout: string; stderr: string }>;
  remoteHead(): string | null;
}

/** Secrets committed and pushed block the push with a critical finding each; none reaches the model, the code around them does. */
export async function plantedSecretsBlock(hooked: PushedRepo, server: FakeOpenAI): Promise<void> {
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
  expectNoSecret(sent(server), 'what the model server received');
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
}

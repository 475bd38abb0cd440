import { describe, expect, test } from 'vitest';
import { maskSecret, scanSecrets, scanWithSecretlint } from '../../../src/checks/secret-scan.js';
import { FAKE, basicAuthUrl, pemKey } from '../../helpers/fake-secrets.js';

const cases: Array<{ name: string; line: string; secret: string; kind: string; title: RegExp }> = [
  {
    name: 'GitHub token',
    line: `const token = "${FAKE.githubToken}"; // deploy bot`,
    secret: FAKE.githubToken,
    kind: 'github-token',
    title: /GitHub token/,
  },
  {
    name: 'AWS access key id',
    line: `export const keyId = '${FAKE.awsAccessKeyId}';`,
    secret: FAKE.awsAccessKeyId,
    kind: 'aws-access-key-id',
    title: /AWS access key ID/,
  },
  {
    name: 'AWS secret access key',
    line: `aws_secret_access_key = "${FAKE.awsSecretAccessKey}"`,
    secret: FAKE.awsSecretAccessKey,
    kind: 'aws-secret-access-key',
    title: /AWS secret access key/,
  },
  {
    name: 'Slack token',
    line: `slack.post("${FAKE.slackToken}", message)`,
    secret: FAKE.slackToken,
    kind: 'slack-token',
    title: /Slack token/,
  },
  {
    name: 'OpenAI key',
    line: `client = OpenAI(api_key="${FAKE.openaiKey}")`,
    secret: FAKE.openaiKey,
    kind: 'openai-key',
    title: /OpenAI API key/,
  },
  {
    name: 'basic auth URL',
    line: `const db = connect("${basicAuthUrl()}");`,
    secret: FAKE.basicAuthPassword,
    kind: 'basic-auth',
    title: /Password in a URL/,
  },
];

describe('scanWithSecretlint', () => {
  test.each(cases)('finds a $name with its exact span on the line', async ({ line, secret, kind, title }) => {
    const lines = ['// unrelated line', line, 'export {};'];
    const hits = await scanWithSecretlint(lines, 'src/config.ts');
    expect(hits).toHaveLength(1);
    const [hit] = hits;
    expect(hit!.kind).toBe(kind);
    expect(hit!.title).toMatch(title);
    expect(hit!.line).toBe(1);
    expect(hit!.spans).toHaveLength(1);
    const span = hit!.spans[0]!;
    const covered = line.slice(span.start, span.end);
    expect(covered).toContain(secret);
    // The code around the secret is outside the span.
    expect(line.slice(0, span.start) + line.slice(span.end)).not.toContain(secret);
    expect(line.slice(0, span.start).length + line.slice(span.end).length).toBeGreaterThan(5);
  });

  test('the AWS secret key span is the key itself, not the variable name before it', async () => {
    const line = `aws_secret_access_key = "${FAKE.awsSecretAccessKey}"`;
    const [hit] = await scanWithSecretlint([line], 'x.ini');
    expect(hit!.value).toBe(FAKE.awsSecretAccessKey);
    expect(line.slice(hit!.spans[0]!.start, hit!.spans[0]!.end)).toBe(FAKE.awsSecretAccessKey);
  });

  test('secretlint-disable comments do not hide a secret', async () => {
    const lines = [
      '// secretlint-disable',
      `const t = "${FAKE.githubToken}";`,
      '// secretlint-disable-next-line',
      `const u = "${FAKE.slackToken}";`,
    ];
    const kinds = (await scanWithSecretlint(lines, 'a.js')).map((h) => h.kind).sort();
    expect(kinds).toEqual(['github-token', 'slack-token']);
  });

  test('an .npmrc auth token is found once, although two rules report it', async () => {
    const token = ['npm', '_', 'abcdefghijklmnopqrstuvwxyz0123456789'].join('');
    const hits = await scanWithSecretlint([`//registry.npmjs.org/:_authToken=${token}`], 'pkg/.npmrc');
    expect(hits).toHaveLength(1);
    expect(hits[0]!.value).toBe(token);
  });

  test('ordinary code has no secrets', async () => {
    const lines = ['const apiKey = process.env.OPENAI_API_KEY;', 'const url = `https://${host}/v1`;', 'password: z.string().min(8),'];
    expect(await scanWithSecretlint(lines, 'a.ts')).toEqual([]);
  });

  test('a file extension never makes secretlint read a file from disk', async () => {
    // The GCP rule reads the physical file for .p12 paths; everything is linted as plain text.
    expect(await scanWithSecretlint(['not a p12 file'], 'does/not/exist.p12')).toEqual([]);
  });
});

describe('scanSecrets', () => {
  test('adds private keys from the armour scan, short ones included', async () => {
    const lines = ['const key = `', ...pemKey('EC ', true).split('\n'), '`;'];
    const hits = await scanSecrets(lines, 'key.js');
    const keys = hits.filter((h) => h.kind === 'private-key');
    expect(keys.length).toBeGreaterThanOrEqual(1);
    expect(keys.some((h) => h.spans.some((s) => s.line === 2))).toBe(true);
  });
});

describe('maskSecret', () => {
  test.each([
    [FAKE.githubToken, 'ghp_…(40 characters)'],
    ['short-pass', '…(10 characters)'],
  ])('%#', (value, masked) => {
    expect(maskSecret(value)).toBe(masked);
    expect(maskSecret(value)).not.toContain(value.slice(4));
  });
});

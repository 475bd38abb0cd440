import { describe, expect, it } from 'vitest';
import { batchSources, joinSources, MAX_BATCH_CHARS, pathClass } from '../../../src/checks/batch-sources.js';
import { scanManyWithSecretlint, scanWithSecretlint } from '../../../src/checks/secret-scan.js';
import { FAKE, basicAuthUrl, pemKey } from '../../helpers/fake-secrets.js';

describe('pathClass', () => {
  it.each([
    ['src/config.ts', '||'],
    ['COMMIT_EDITMSG', '||'],
    ['package.json', 'package||'],
    ['packages/web/package-lock.json', 'package||'],
    ['.npmrc', '|npmrc|'],
    ['tools/.npmrc', '|npmrc|'],
    ['.env', '||env'],
    ['.env.production', '||env'],
    ['deploy/staging.env', '||env'],
    ['.github/.env', '||env'],
    ['.env.example', '||'],
    ['config/app.env.sample', '||'],
    ['.env.dist', '||'],
    ['environment.ts', '||'],
  ])('%s → %s', (path, expected) => {
    expect(pathClass(path)).toBe(expected);
  });
});

describe('batchSources', () => {
  it('keeps sources the file-specific rules treat alike together, in order, and leaves out empty ones', () => {
    const sources = [
      { lines: ['a'], filePath: 'src/a.ts' },
      { lines: ['b'], filePath: '.env' },
      { lines: [], filePath: 'src/empty.ts' },
      { lines: ['c'], filePath: 'COMMIT_EDITMSG' },
      { lines: ['d'], filePath: 'prod.env' },
      { lines: ['e'], filePath: 'package.json' },
    ];
    expect(batchSources(sources)).toEqual([[0, 3], [1, 4], [5]]);
  });

  it('starts a new batch when one would grow past the size limit', () => {
    const big = 'x'.repeat(MAX_BATCH_CHARS / 2);
    const sources = [big, big, 'small'].map((text, i) => ({ lines: [text], filePath: `src/${i}.ts` }));
    expect(batchSources(sources)).toEqual([[0], [1, 2]]);
  });
});

describe('joinSources', () => {
  const joined = joinSources([['ab', 'c'], ['de'], ['', 'f']]);

  it('joins the texts with a NUL line between them', () => {
    expect(joined.content).toBe('ab\nc\n\0\nde\n\0\n\nf');
  });

  it.each([
    ['inside the first text', 0, 4, [0, 1]],
    ['inside the second text', 7, 9, [1, 2]],
    ['inside the last text', 13, 14, [2]],
    ['from the first text into the second', 3, 8, [0, 1, 2]],
    ['from the first text into the last', 1, 14, [0, 1, 2]],
    ['on a separator', 5, 6, [0, 1]],
    ['empty, at the start of a text', 7, 7, [1, 2]],
  ])('a match %s may belong to the texts it touches and the next one', (_name, start, end, expected) => {
    expect(joined.near(start, end)).toEqual(expected);
  });
});

// Every kind of secret, in files whose paths change what the rules look for, and pairs of texts
// built so that a match could run from one text into the next. Linted together they must give
// exactly what each gives alone, and the secrets must all be found.
const npmToken = ['npm', '_', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'].join('');
const sources = [
  { filePath: 'src/config.ts', lines: ['// settings', `const token = "${FAKE.githubToken}";`, 'export {};'] },
  { filePath: 'COMMIT_EDITMSG', lines: ['Add the deploy key', '', `aws_secret_access_key = "${FAKE.awsSecretAccessKey}"`] },
  { filePath: 'src/aws.ts', lines: [`export const keyId = '${FAKE.awsAccessKeyId}';`] },
  { filePath: '.env', lines: ['# local', `STRIPE_SECRET=${FAKE.genericSecret}`, 'PORT=3000'] },
  { filePath: 'src/slack.ts', lines: [`slack.post("${FAKE.slackToken}", message)`] },
  { filePath: 'src/db.ts', lines: [`const db = connect("${basicAuthUrl()}");`] },
  { filePath: '.npmrc', lines: [`//registry.npmjs.org/:_authToken=${npmToken}`] },
  { filePath: 'src/openai.py', lines: [`client = OpenAI(api_key="${FAKE.openaiKey}")`] },
  { filePath: 'deploy/prod.env', lines: ['export DB_PASSWORD="Zk3-9fQ!x2Lm"'] },
  { filePath: 'src/keys.ts', lines: ['const key = `', ...pemKey('RSA ').split('\n'), '`;'] },
  // A key whose armour is split over two texts: neither holds a key alone.
  { filePath: 'src/half-a.ts', lines: ['const a = `', ...pemKey('RSA ').split('\n').slice(0, 4)] },
  { filePath: 'src/half-b.ts', lines: [...pemKey('RSA ').split('\n').slice(4), '`;'] },
  // An assignment at the end of one text and a quoted value at the start of the next.
  { filePath: 'src/split-a.ts', lines: ['const password ='] },
  { filePath: 'src/split-b.ts', lines: [`"${FAKE.genericSecret}";`] },
  // .npmrc's token rule takes the rest of the line after `_authToken=`, whatever follows.
  { filePath: 'tools/.npmrc', lines: ['//registry.example.com/:_authToken='] },
  { filePath: 'other/.npmrc', lines: [`always-auth=true`, `//npm.example.com/:_authToken=${npmToken}`] },
  { filePath: 'package.json', lines: ['{', `  "repository": "https://${FAKE.githubToken}:x-oauth-basic@github.com/acme/app.git"`, '}'] },
  { filePath: '.env.example', lines: [`API_TOKEN=${FAKE.genericSecret}`] },
  { filePath: 'src/stripe.ts', lines: [`const stripe = new Stripe("${FAKE.stripeLiveKey}");`] },
  { filePath: 'src/maps.ts', lines: [`const url = "https://maps.googleapis.com/maps/api/js?key=${FAKE.googleApiKey}";`] },
];

describe('scanManyWithSecretlint', () => {
  it('finds in texts linted together exactly what it finds in each alone', async () => {
    const alone = [];
    for (const source of sources) alone.push(await scanWithSecretlint(source.lines, source.filePath));
    expect(await scanManyWithSecretlint(sources)).toEqual(alone);
  });

  it('still finds every secret of the table, in its own text', async () => {
    const found = (await scanManyWithSecretlint(sources)).map((hits) => hits.map((h) => h.kind).sort());
    expect(Object.fromEntries(sources.map((s, i) => [s.filePath, found[i]]))).toEqual({
      'src/config.ts': ['github-token'],
      COMMIT_EDITMSG: ['aws-secret-access-key'],
      'src/aws.ts': ['aws-access-key-id'],
      '.env': ['env-file-secret'],
      'src/slack.ts': ['slack-token'],
      'src/db.ts': ['basic-auth'],
      '.npmrc': ['npm-token'],
      'src/openai.py': ['openai-key'],
      'deploy/prod.env': ['env-file-secret'],
      'src/keys.ts': ['private-key'],
      'src/half-a.ts': [],
      'src/half-b.ts': [],
      'src/split-a.ts': [],
      'src/split-b.ts': [],
      'tools/.npmrc': [],
      'other/.npmrc': ['npm-token'],
      'package.json': ['basic-auth', 'github-token'],
      '.env.example': [],
      'src/stripe.ts': ['stripe-live-key'],
      'src/maps.ts': ['google-api-key'],
    });
  });

  it('gives each text its own line numbers and spans', async () => {
    const [first, , , env] = await scanManyWithSecretlint(sources);
    expect(first).toMatchObject([{ line: 1, value: FAKE.githubToken }]);
    const span = first![0]!.spans[0]!;
    expect(sources[0]!.lines[1]!.slice(span.start, span.end)).toBe(FAKE.githubToken);
    expect(env).toMatchObject([{ line: 1, value: FAKE.genericSecret }]);
  });
});

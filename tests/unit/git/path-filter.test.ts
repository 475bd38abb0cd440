import { describe, expect, it } from 'vitest';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE, DEFAULT_NEVER_SEND } from '../../../src/git/default-globs.js';
import { createPathMatcher } from '../../../src/git/path-filter.js';
import { ConfigError } from '../../../src/errors.js';

describe('createPathMatcher', () => {
  const cases: Array<[string[], string, string | null]> = [
    [['*.pem'], 'server.pem', '*.pem'],
    [['*.pem'], 'deep/dir/server.pem', '*.pem'],
    [['*.pem'], 'server.pem.txt', null],
    [['.env*'], '.env', '.env*'],
    [['.env*'], 'apps/web/.env.local', '.env*'],
    [['.env*'], 'src/env.ts', null],
    [['dist/'], 'dist/index.js', 'dist/'],
    [['dist/'], 'packages/a/dist/x/y.js', 'dist/'],
    [['dist/'], 'dist', null], // a file named dist is not a directory
    [['vendor'], 'vendor/lib/a.go', 'vendor'],
    [['src/**'], 'src/a/b.ts', 'src/**'],
    [['src/**'], 'lib/src/b.ts', null], // anchored at the root
    [['/top.txt'], 'top.txt', '/top.txt'],
    [['/top.txt'], 'sub/top.txt', null],
    [['**/*.ts'], 'a.ts', '**/*.ts'],
    [['**/*.ts'], 'x/y/a.ts', '**/*.ts'],
    [['docs/*.md'], 'docs/a.md', 'docs/*.md'],
    [['docs/*.md'], 'docs/sub/a.md', null],
    [['**'], '.github/workflows/ci.yml', '**'],
    [['a.txt', 'b.txt'], 'b.txt', 'b.txt'],
    [[], 'anything', null],
    [['', '  '], 'anything', null],
  ];
  it.each(cases)('%j matches %s -> %s', (globs, path, expected) => {
    expect(createPathMatcher(globs).match(path)).toBe(expected);
  });

  it('refuses negated patterns, which would match everything else', () => {
    expect(() => createPathMatcher(['!*.ts'])).toThrow(ConfigError);
  });
});

describe('default globs', () => {
  const include = createPathMatcher(DEFAULT_INCLUDE);
  const exclude = createPathMatcher(DEFAULT_EXCLUDE);
  const neverSend = createPathMatcher(DEFAULT_NEVER_SEND);

  it.each([
    'package-lock.json',
    'web/yarn.lock',
    'pnpm-lock.yaml',
    'bun.lockb',
    'Cargo.lock',
    'poetry.lock',
    'Gemfile.lock',
    'composer.lock',
    'go.sum',
    'dist/app.js',
    'packages/ui/build/index.js',
    'out/x',
    '.next/cache/a',
    'coverage/lcov.info',
    'target/debug/app',
    'vendor/github.com/x/y.go',
    'node_modules/a/index.js',
    'third_party/lib.c',
    'public/app.min.js',
    'styles/site.min.css',
    'dist2/app.js.map',
    'src/api.generated.ts',
    'proto/api.pb.go',
    'py/api_pb2.py',
    'src/__snapshots__/a.test.ts.snap',
  ])('excludes %s by default', (path) => {
    expect(exclude.match(path)).not.toBeNull();
    expect(include.match(path)).not.toBeNull();
  });

  it.each(['src/index.ts', 'README.md', 'lib/distance.ts', 'src/builder.ts', 'main.go', 'snap.snap'])('reviews %s by default', (path) => {
    expect(include.match(path)).not.toBeNull();
    expect(exclude.match(path)).toBeNull();
    expect(neverSend.match(path)).toBeNull();
  });

  it.each([
    '.env',
    '.env.production',
    'apps/api/.env.local',
    'certs/server.pem',
    'tls/private.key',
    'id_rsa',
    'home/.ssh/id_ed25519.pub',
    'keys/store.p12',
    'keys/store.pfx',
    '.npmrc',
    'deploy/.netrc',
    '.aws/credentials',
    'home/.aws/credentials',
    '.docker/config.json',
    'vault.kdbx',
    'gcloud/application_default_credentials.json',
    'legacy_credentials/me@example.com/adc.json',
  ])('never sends %s', (path) => {
    expect(neverSend.match(path)).not.toBeNull();
  });
});

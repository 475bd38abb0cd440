// The large push the benchmarks review: 60 modules, one 1,500-line file, a lockfile and a binary in
// one commit on top of a pushed initial commit. Shared by bench-large-push.js and bench-cache.js.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A hermetic environment for git and the CLI: no user config, no keys or settings from the caller. */
export function benchEnv() {
  const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', CI: '1', NO_COLOR: '1' };
  for (const key of Object.keys(env))
    if (key.startsWith('OPENAI_') || key.startsWith('REVIEW_HOOK_') || key.startsWith('npm_')) delete env[key];
  return Object.assign(env, {
    GIT_AUTHOR_NAME: 'Bench',
    GIT_AUTHOR_EMAIL: 'bench@example.com',
    GIT_COMMITTER_NAME: 'Bench',
    GIT_COMMITTER_EMAIL: 'bench@example.com',
  });
}

/**
 * A repository `work/<name>` with a bare origin `work/<name>.git` holding one pushed initial commit,
 * main tracking it; returns the paths and a git runner for the repository.
 */
export function initPushedRepo(work, name, env) {
  const origin = join(work, `${name}.git`);
  const dir = join(work, name);
  const git = (...args) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8', maxBuffer: 64 << 20 }).trim();
  execFileSync('git', ['init', '-q', '--bare', origin], { env });
  execFileSync('git', ['init', '-q', '-b', 'main', dir], { env });
  git('remote', 'add', 'origin', origin);
  writeFileSync(join(dir, 'README.md'), '# bench\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'initial');
  git('push', '-q', 'origin', 'main');
  git('branch', '--set-upstream-to=origin/main', 'main');
  return { dir, origin, git };
}

/** Builds the repository under `work` (with a bare origin holding the initial commit); returns its paths and the range. */
export function buildLargePushRepo(work, env) {
  const { dir, origin, git } = initPushedRepo(work, 'repo', env);

  const write = (path, content) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  };
  for (const [path, content] of Object.entries(largePushSources())) write(path, content);
  write(
    'package-lock.json',
    JSON.stringify(
      {
        name: 'bench',
        lockfileVersion: 3,
        packages: Object.fromEntries(
          Array.from({ length: 400 }, (_, i) => [`node_modules/pkg-${i}`, { version: `1.${i}.0`, integrity: `sha512-${'x'.repeat(80)}` }]),
        ),
      },
      null,
      2,
    ),
  );
  write('assets/logo.png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), Buffer.alloc(4096, 7)]));
  git('add', '-A');
  git('commit', '-q', '-m', 'Add order helpers, rate table and logo');
  return { dir, origin, git, base: git('rev-parse', 'HEAD~1'), head: git('rev-parse', 'HEAD') };
}

/** The reviewed part of the large push: 60 modules of about 25 lines, different in every file, and a 1,500-line file. */
export function largePushSources() {
  const files = {};
  for (let n = 0; n < 60; n++) {
    const lines = [`// Module ${n}: helpers for order batch ${n}.`, "import { round } from './math.js';", ''];
    for (let i = 0; i < 5; i++) {
      lines.push(
        `export function total${n}_${i}(items) {`,
        `  const sum = items.reduce((acc, item) => acc + item.price * item.quantity, ${i});`,
        `  return round(sum * ${1 + n / 100}, ${i % 3});`,
        '}',
      );
    }
    files[`src/orders/module-${String(n).padStart(2, '0')}.js`] = `${lines.join('\n')}\n`;
  }
  files['src/rates.js'] =
    Array.from({ length: 1500 }, (_, i) => `export const rate${i + 1} = lookup('region-${i % 37}', ${i + 1}) * 1.0${i % 10};`).join('\n') +
    '\n';
  return files;
}
